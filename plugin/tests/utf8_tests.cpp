// SPDX-License-Identifier: MIT
#include <boost/test/unit_test.hpp>

#include "utf8.hpp"

using pmat::plugin::sanitize_utf8;

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
