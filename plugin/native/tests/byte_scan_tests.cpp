// SPDX-License-Identifier: MIT
// The lexer's byte scans (src/byte_scan.hpp) against one-byte-at-a-time references: the selected
// implementation (SSE2 on x86-64) and the portable one, on every byte value in every lane and on
// random text at every start offset and length, including ranges that end mid-block.
#include "byte_scan.hpp"

#include <boost/test/unit_test.hpp>

#include <cctype>
#include <random>
#include <string>

using namespace pmat::native::detail;

namespace {

bool reference_identifier(unsigned char c) {
   return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

const char *reference_identifier_end(const char *p, const char *end) {
   while (p < end && reference_identifier(static_cast<unsigned char>(*p)))
      ++p;
   return p;
}

const char *reference_skip(const char *p, const char *end, char blank) {
   while (p < end && *p == blank)
      ++p;
   return p;
}

const char *reference_any_of(const char *p, const char *end, char a, char b, char c) {
   while (p < end && *p != a && *p != b && *p != c)
      ++p;
   return p;
}

const char *reference_directive_byte(const char *p, const char *end) {
   while (p < end && std::string("\n/\"'\\").find(*p) == std::string::npos)
      ++p;
   return p;
}

const char *reference_nul_or_non_ascii(const char *p, const char *end) {
   while (p < end && *p != '\0' && static_cast<unsigned char>(*p) < 0x80)
      ++p;
   return p;
}

const char *reference_comment_close(const char *p, const char *end) {
   for (; end - p >= 2; ++p)
      if (p[0] == '*' && p[1] == '/')
         return p;
   return end;
}

const auto k_directive_byte = [](const char *p, const char *end) {
   return scan::find_first_of<'\n', '/', '"', '\'', '\\'>(p, end);
};
const auto k_portable_directive_byte = [](const char *p, const char *end) {
   return scan::portable::find_first_of<'\n', '/', '"', '\'', '\\'>(p, end);
};
const auto k_comment_close = [](const char *p, const char *end) {
   return scan::find_pair(p, end, '*', '/');
};
const auto k_portable_comment_close = [](const char *p, const char *end) {
   return scan::portable::find_pair(p, end, '*', '/');
};

bool reference_phrase_start(const char *p) {
   std::string trigram(p, 3);
   for (auto &c : trigram)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   return trigram == "cod" || trigram == "tem" || trigram == "per";
}

const char *reference_phrase_start(const char *p, const char *end) {
   for (; end - p >= 3; ++p)
      if (reference_phrase_start(p))
         return p;
   return end;
}

// Text rich in the bytes the scans look for, so every branch is taken often.
std::string random_text(std::mt19937 &rng, std::size_t size) {
   static const std::string k_common = "  \t\n\\\"'`_$aZ09cTp-*/";
   static const std::string k_trigrams[] = {"cod", "CoD", "tem", "TEm", "per", "pEr", "ce", "te"};
   std::string text(size, ' ');
   for (auto &c : text)
      c = rng() % 4 == 0 ? static_cast<char>(rng() % 256) : k_common[rng() % k_common.size()];
   for (std::size_t at = 0; at + 3 <= size; at += 1 + rng() % 24) { // phrase starts, near misses
      const std::string &piece = k_trigrams[rng() % std::size(k_trigrams)];
      text.replace(at, piece.size(), piece);
   }
   return text;
}

template <class Scan, class Reference>
void check_all_ranges(const std::string &text, Scan scan, Reference reference) {
   const char *data = text.data();
   for (std::size_t from = 0; from <= text.size(); ++from)
      for (std::size_t to = from; to <= text.size(); to += 7) {
         const char *want = reference(data + from, data + to);
         const char *got = scan(data + from, data + to);
         BOOST_TEST_REQUIRE(got == want, "range [" << from << ", " << to << ")");
      }
}

} // namespace

BOOST_AUTO_TEST_SUITE(byte_scan)

BOOST_AUTO_TEST_CASE(every_byte_in_every_lane_is_classified_like_the_reference) {
   for (int value = 0; value < 256; ++value)
      for (std::size_t lane = 0; lane < 16; ++lane) {
         std::string block(40, 'a'); // identifier bytes around the probe
         block[lane] = static_cast<char>(value);
         const char *end = block.data() + block.size();
         const char *want = reference_identifier_end(block.data(), end);
         BOOST_TEST_REQUIRE(scan::identifier_end(block.data(), end) == want, "byte " << value);
         BOOST_TEST_REQUIRE(scan::portable::identifier_end(block.data(), end) == want);
      }
}

// Every byte value in every lane of a 16-byte block (>= 0x80 included), as the byte searched for
// or as a near miss, with the range ending after the block, at the probe and just before it.
BOOST_AUTO_TEST_CASE(directive_bytes_comment_closers_and_non_ascii_in_every_lane) {
   for (int value = 0; value < 256; ++value)
      for (std::size_t lane = 0; lane < 16; ++lane) {
         std::string block(40, 'x');
         block[lane] = static_cast<char>(value);
         std::string closer(40, '*'); // `*` everywhere: only a '/' after one closes
         closer[lane + 1] = static_cast<char>(value);
         for (const std::string *text : {&block, &closer})
            for (std::size_t stop : {text->size(), lane + 2, lane + 1, lane}) {
               const char *begin = text->data();
               const char *end = begin + stop;
               BOOST_TEST_REQUIRE(scan::first_nul_or_non_ascii(begin, end) ==
                                  reference_nul_or_non_ascii(begin, end));
               BOOST_TEST_REQUIRE(scan::portable::first_nul_or_non_ascii(begin, end) ==
                                  reference_nul_or_non_ascii(begin, end));
               BOOST_TEST_REQUIRE(k_directive_byte(begin, end) ==
                                  reference_directive_byte(begin, end));
               BOOST_TEST_REQUIRE(k_portable_directive_byte(begin, end) ==
                                  reference_directive_byte(begin, end));
               BOOST_TEST_REQUIRE(k_comment_close(begin, end) ==
                                      reference_comment_close(begin, end),
                                  "byte " << value << " lane " << lane << " stop " << stop);
               BOOST_TEST_REQUIRE(k_portable_comment_close(begin, end) ==
                                  reference_comment_close(begin, end));
            }
      }
}

// Each phrase start, in either case and with any byte (>= 0x80 included) in place of one of its
// letters, at every lane of a 16-position block, and cut off by the end of the range.
BOOST_AUTO_TEST_CASE(phrase_starts_in_every_lane_and_at_the_end) {
   for (const std::string word : {"cod", "TEM", "Per"})
      for (std::size_t letter = 0; letter < 3; ++letter)
         for (int value = 0; value < 256; ++value)
            for (std::size_t lane = 0; lane < 16; ++lane) {
               std::string block(40, 'x');
               block.replace(lane, 3, word);
               block[lane + letter] = static_cast<char>(value);
               const char *begin = block.data();
               for (const char *stop : {begin + block.size(), begin + lane + 3, begin + lane + 2}) {
                  const char *want = reference_phrase_start(begin, stop);
                  BOOST_TEST_REQUIRE(scan::find_phrase_start(begin, stop) == want,
                                     word << " lane " << lane << " byte " << value);
                  BOOST_TEST_REQUIRE(scan::portable::find_phrase_start(begin, stop) == want);
               }
            }
}

BOOST_AUTO_TEST_CASE(random_text_at_every_offset_and_length) {
   std::mt19937 rng(20261207);
   for (int round = 0; round < 20; ++round) {
      const std::string text = random_text(rng, 1 + rng() % 70);
      check_all_ranges(text, scan::identifier_end, reference_identifier_end);
      check_all_ranges(text, scan::portable::identifier_end, reference_identifier_end);
      const auto phrase = [](const char *p, const char *e) { return reference_phrase_start(p, e); };
      check_all_ranges(text, scan::find_phrase_start, phrase);
      check_all_ranges(text, scan::portable::find_phrase_start, phrase);
      check_all_ranges(text, k_directive_byte, reference_directive_byte);
      check_all_ranges(text, k_portable_directive_byte, reference_directive_byte);
      check_all_ranges(text, k_comment_close, reference_comment_close);
      check_all_ranges(text, scan::first_nul_or_non_ascii, reference_nul_or_non_ascii);
      check_all_ranges(text, scan::portable::first_nul_or_non_ascii, reference_nul_or_non_ascii);
      check_all_ranges(text, k_portable_comment_close, reference_comment_close);
      const auto blanks = [](const char *p, const char *e) { return scan::skip_byte(p, e, ' '); };
      check_all_ranges(text, blanks,
                       [](const char *p, const char *e) { return reference_skip(p, e, ' '); });
      const auto quote = [](const char *p, const char *e) {
         return scan::find_any_of(p, e, '"', '\\', '\n');
      };
      check_all_ranges(text, quote, [](const char *p, const char *e) {
         return reference_any_of(p, e, '"', '\\', '\n');
      });
   }
}

BOOST_AUTO_TEST_CASE(long_runs_cross_whole_blocks) {
   for (std::size_t at = 0; at < 200; ++at)
      for (const char stop : {'\0', '\x80', '\xFF'}) {
         std::string text(200, 'a');
         text[at] = stop;
         const char *begin = text.data();
         for (const char *end : {begin + text.size(), begin + at + 1, begin + at}) {
            BOOST_TEST_REQUIRE(scan::first_nul_or_non_ascii(begin, end) ==
                               reference_nul_or_non_ascii(begin, end));
            BOOST_TEST_REQUIRE(scan::portable::first_nul_or_non_ascii(begin, end) ==
                               reference_nul_or_non_ascii(begin, end));
         }
      }
   const std::string indent = std::string(37, ' ') + "x";
   BOOST_TEST(scan::skip_byte(indent.data(), indent.data() + indent.size(), ' ') ==
              indent.data() + 37);
   const std::string word = std::string(50, 'k') + "(";
   BOOST_TEST(scan::identifier_end(word.data(), word.data() + word.size()) == word.data() + 50);
   const std::string body = std::string(33, 'q') + "\\\"";
   BOOST_TEST(scan::find_any_of(body.data(), body.data() + body.size(), '"', '\\', '\n') ==
              body.data() + 33);
}

BOOST_AUTO_TEST_SUITE_END()
