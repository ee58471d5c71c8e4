// SPDX-License-Identifier: MIT
// The one UTF-8 check (RFC 3629), as the plugin's request path (sanitize_utf8), the native
// analyzer's skip reasons and the host's request checks (first_invalid_utf8) and the conformance
// suite's reports (utf8_sequence_length) use it.
#include <boost/test/unit_test.hpp>

#include <pmat/common/utf8.hpp>

#include <string>

using pmat::common::first_invalid_utf8;
using pmat::common::is_valid_utf8;
using pmat::common::sanitize_utf8;
using pmat::common::utf8_sequence_length;

namespace {
const std::size_t k_npos = std::string_view::npos;
}

BOOST_AUTO_TEST_CASE(valid_utf8_passes_through) {
   BOOST_TEST(sanitize_utf8("plain.c") == "plain.c");
   BOOST_TEST(sanitize_utf8("caf\xC3\xA9/\xE2\x9C\x93/\xF0\x9F\x98\x80") ==
              "caf\xC3\xA9/\xE2\x9C\x93/\xF0\x9F\x98\x80");
}

BOOST_AUTO_TEST_CASE(each_invalid_byte_becomes_a_replacement_character) {
   const std::string fffd = "\xEF\xBF\xBD";
   BOOST_TEST(sanitize_utf8("\xff") == fffd);
   BOOST_TEST(sanitize_utf8("a\xC3") == "a" + fffd);                           // truncated
   BOOST_TEST(sanitize_utf8("\xC0\xAF") == fffd + fffd);                       // overlong
   BOOST_TEST(sanitize_utf8("\xED\xA0\x80") == fffd + fffd + fffd);            // surrogate
   BOOST_TEST(sanitize_utf8("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd); // > U+10FFFF
   BOOST_TEST(sanitize_utf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
}

BOOST_AUTO_TEST_CASE(first_invalid_utf8_gives_the_offset_of_the_first_bad_sequence) {
   BOOST_TEST(first_invalid_utf8("") == k_npos);
   BOOST_TEST(first_invalid_utf8("int main() { return 0; } // caf\xC3\xA9") == k_npos);
   BOOST_TEST(first_invalid_utf8("0123456789abcdef\xff") == 16u); // after a whole ASCII word
   BOOST_TEST(first_invalid_utf8("ab\xE2\x9C") == 2u);            // cut off by the end
   BOOST_TEST(first_invalid_utf8("\xE0\x80\x80") == 0u);          // overlong three-byte form
   BOOST_TEST(first_invalid_utf8("ok \xF0\x9F\x98\x80 then \x80") == 13u);
   BOOST_TEST(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
   BOOST_TEST(!is_valid_utf8("\xF4\x90\x80\x80")); // one past it
}

BOOST_AUTO_TEST_CASE(sequence_length_is_the_length_of_one_well_formed_sequence) {
   BOOST_TEST(utf8_sequence_length("a", 0) == 1u);
   BOOST_TEST(utf8_sequence_length("\xC3\xA9", 0) == 2u);
   BOOST_TEST(utf8_sequence_length("\xE2\x9C\x93", 0) == 3u);
   BOOST_TEST(utf8_sequence_length("\xF0\x9F\x98\x80", 0) == 4u);
   BOOST_TEST(utf8_sequence_length("\xC3\xA9", 1) == 0u); // a continuation byte starts nothing
   BOOST_TEST(utf8_sequence_length("\xED\xA0\x80", 0) == 0u);
}
