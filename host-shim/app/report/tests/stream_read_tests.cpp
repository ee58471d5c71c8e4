// SPDX-License-Identifier: MIT
// The streaming read of a plugin's answer against the reference read of the parsed object, on
// answers written to be awkward: members in any order, unknown members everywhere, wrong types,
// duplicate keys, escapes, numbers at and past the limits, and text that is not JSON at all.
#include "same_read.hpp"

#include <report/file_result.hpp>
#include <report/stream_read.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

using pmat::report::parse_file_result;
using pmat::report::testing::check_same_parse;
using pmat::report::testing::check_streamed_like_object;

namespace {

// Both checks, for an object without a `claude` object.
void check_read(const std::string &text) {
   check_streamed_like_object(text);
   check_same_parse(text);
}

// `inner` wrapped in `depth` arrays of one element.
std::string nested(int depth, const std::string &inner) {
   std::string out;
   for (int i = 0; i < depth; ++i)
      out += "[";
   out += inner;
   for (int i = 0; i < depth; ++i)
      out += "]";
   return out;
}

// A string's JSON text with every character escaped as \u00XX: the parser hands it over in parts.
std::string escaped(const std::string &text) {
   static const char *const k_hex = "0123456789abcdef";
   std::string out = "\"";
   for (const char c : text) {
      const auto byte = static_cast<unsigned char>(c);
      out += "\\u00";
      out += k_hex[byte >> 4U];
      out += k_hex[byte & 15U];
   }
   return out + "\"";
}

} // namespace

BOOST_AUTO_TEST_CASE(an_answer_as_the_native_analyzer_writes_it_is_read_whole) {
   check_read(R"({"path":"src/a.c","language":"c","skipped":false,"bytes":10,"lines":3,
      "functions":[{"name":"f","line_start":1,"line_end":3,"metrics":{"cyclomatic":12,
      "cognitive":20,"nesting_max":2,"lines":3}}],"satd":[{"line":2,"severity":"High",
      "category":"Design","text":"x"}],"total_complexity":12,"violations":[{"severity":"error",
      "rule":"cyclomatic-complexity","message":"m","value":12,"threshold":10,"file":"src/a.c",
      "line":1,"function":"f"}],"truncated":false,"engine":"native","fallback_reason":"quota",
      "rollout":{"claude":false},"cache":{"native":"l1"}})");
}

BOOST_AUTO_TEST_CASE(members_in_any_order_read_the_same) {
   check_read(R"({"violations":[{"function":"g","line":9,"file":"b.c","threshold":1,"value":2,
      "message":"m","rule":"r","severity":"warning"}],"engine":"claude",
      "functions":[{"metrics":{"cognitive":4,"cyclomatic":5},"line_end":9,"line_start":2,
      "name":"g"}],"satd":[{"text":"t","severity":"Low"}],"skipped":true,"path":"b.c"})");
}

BOOST_AUTO_TEST_CASE(unknown_members_at_any_depth_are_skipped) {
   // Each unknown member carries members with the read names, which must not be read.
   const std::string decoy = R"({"functions":[{"name":"no","metrics":{"cyclomatic":99}}],
      "path":"no","skipped":true,"satd":[{"severity":"no"}],"claude":{"risk":"high"},
      "violations":[{"rule":"no"}],"engine":"no","x":[[{"name":"no"}],{"severity":"no"}]})";
   check_read(R"({"a":)" + decoy + R"(,"path":"p.c","b":[)" + decoy + R"(],"functions":[)" + decoy +
              R"(,{"u":)" + decoy + R"(,"name":"f",)" + R"("metrics":{"d":)" + decoy +
              R"(,"cyclomatic":3,"z":[1,[2,)" + decoy +
              R"(]]},"line_start":1},[{"name":"nested"}],"str",5,null,true],)" +
              R"("satd":[{"severity":"High","x":)" + decoy + R"(},)" + decoy + R"(],)" +
              R"("violations":[{"rule":"r","v":)" + decoy + R"(}],"c":)" + decoy + "}");
}

BOOST_AUTO_TEST_CASE(mistyped_members_read_as_their_defaults) {
   for (const std::string value :
        {"7", "-1", "1.5", "true", "false", "null", "\"s\"", "{}", "[]", "[\"a\"]", "{\"a\":1}"}) {
      check_read(R"({"path":)" + value + R"(,"skipped":)" + value + R"(,"engine":)" + value +
                 R"(,"fallback_reason":)" + value + R"(,"satd":)" + value + R"(,"violations":)" +
                 value + R"(,"functions":)" + value + "}");
      check_read(R"({"functions":[{"name":)" + value + R"(,"line_start":)" + value +
                 R"(,"line_end":)" + value + R"(,"metrics":)" + value + R"(}],"satd":[)" + value +
                 R"(,{"severity":)" + value + R"(}]})");
      check_read(R"({"functions":[{"metrics":{"cyclomatic":)" + value + R"(,"cognitive":)" + value +
                 R"(}}],"violations":[{"severity":)" + value + R"(,"rule":)" + value +
                 R"(,"message":)" + value + R"(,"value":)" + value + R"(,"threshold":)" + value +
                 R"(,"file":)" + value + R"(,"line":)" + value + R"(,"function":)" + value +
                 R"(},)" + value + "]}");
   }
}

BOOST_AUTO_TEST_CASE(missing_members_read_as_their_defaults) {
   for (const std::string text : {"{}", R"({"path":"x.c"})", R"({"functions":[]})",
                                  R"({"functions":[{}]})", R"({"functions":[{"metrics":{}}]})",
                                  R"({"satd":[{}],"violations":[{}]})", R"({"skipped":true})"})
      check_read(text);
}

BOOST_AUTO_TEST_CASE(the_last_of_duplicate_keys_wins) {
   check_read(R"({"path":"a","path":7,"skipped":true,"skipped":"no","engine":"x","engine":"y",
      "functions":[{"name":"first"}],"functions":[{"name":"a","name":3,"line_start":4,
      "line_start":"5","metrics":{"cyclomatic":3},"metrics":{"cognitive":2}}],
      "satd":[{"severity":"High"}],"satd":{},"violations":[],"violations":[{"line":1,"line":2}]})");
   check_read(R"({"functions":[],"functions":1})");
   check_read(R"({"functions":1,"functions":[]})");
}

BOOST_AUTO_TEST_CASE(escapes_and_unicode_in_strings_and_keys_read_as_decoded) {
   check_read(R"({"path":"a\"b\\c\/d\n\t\r\b\f\u00e9\ud83d\ude00 é😀","functions":[{"name":)"
              R"("\u0066\u006e","\u006eame":"g"}],"\u0070ath":"p\u0000q"})");
   // Long escaped strings and keys, which the parser hands over in several parts.
   const std::string long_text(9000, 'n');
   check_read(R"({"functions":[{"name":)" + escaped(long_text) + R"(,"line_start":3}],)" +
              escaped(long_text) + R"(:{"path":"no"},)" + escaped("functions") +
              R"(:[{"name":"after a long key"}],"engine":)" + escaped(long_text + "é") + "}");
}

BOOST_AUTO_TEST_CASE(numbers_are_integers_only_when_they_hold_one_exactly) {
   for (const std::string number :
        {"0", "-0", "-0.0", "3.0", "1E2", "1e-2", "1.5", "-7", "2.5e-3", "9223372036854775807",
         "-9223372036854775808", "9223372036854775808", "18446744073709551615",
         "18446744073709551616", "1e300", "-1e300", "123456789012345678901234567890",
         "9223372036854774784.0", "9.2233720368547758e18"})
      check_read(R"({"functions":[{"line_start":)" + number + R"(,"line_end":)" + number +
                 R"(,"metrics":{"cyclomatic":)" + number + R"(,"cognitive":)" + number +
                 R"(}}],"violations":[{"value":)" + number + R"(,"threshold":)" + number +
                 R"(,"line":)" + number + "}]}");
}

BOOST_AUTO_TEST_CASE(an_answer_with_claudes_part_is_read_from_the_object) {
   const std::string text = R"({"functions":[{"name":"f"}],"engine":"claude",
      "claude":{"risk":"high","findings":[{"line":2,"fix":{"line":2,"replacement":"x"}}]}})";
   pmat::report::FileResult streamed;
   BOOST_TEST((pmat::report::detail::stream_read(text, streamed).outcome ==
               pmat::report::detail::StreamOutcome::HasClaude));
   check_same_parse(text);
   std::string error;
   const auto result = parse_file_result(text, false, error);
   BOOST_REQUIRE(result.has_value());
   BOOST_TEST(result->has_fixes());
   BOOST_TEST(result->functions.at(0).name == "f");
   // A `claude` that is not an object, or not at the top, is no answer of Claude's.
   check_read(R"({"functions":[{"claude":{"risk":"high"}}],"claude":"none"})");
   // One that a later duplicate replaces is read from the object too, which then has none.
   check_same_parse(R"({"claude":{"risk":"high"},"claude":null,"functions":[]})");
}

BOOST_AUTO_TEST_CASE(unknown_members_nest_as_deep_as_the_parser_allows) {
   check_read(R"({"functions":[],"deep":)" + nested(30, "{\"name\":1}") + "}");
   check_same_parse(R"({"functions":[],"deep":)" + nested(31, "1") + "}");
   check_same_parse(R"({"functions":[],"deep":)" + nested(40, "1") + "}");
}

BOOST_AUTO_TEST_CASE(text_that_is_not_a_json_object_gives_the_same_error_either_way) {
   for (const std::string text : {"",
                                  " ",
                                  "{",
                                  "[",
                                  "{\"functions\":[",
                                  "{\"functions\":[{\"name\":\"x\"",
                                  "{} trailing",
                                  "{}{}",
                                  "{} []",
                                  "[]",
                                  "[{}]",
                                  "\"text\"",
                                  "42",
                                  "null",
                                  "true",
                                  "{\"a\":}",
                                  "{\"a\":1,}",
                                  "[1,]",
                                  "// c\n{}",
                                  "{\"a\" 1}",
                                  "{a:1}",
                                  "{\"a\":nul}",
                                  "{\"a\":01}",
                                  "{\"a\":1.}",
                                  "{\"a\":\"\\x\"}",
                                  "{\"a\":\"\\ud800\"}",
                                  "{\"a\":\"\xff\"}",
                                  "{\"\xc3\":1}",
                                  "{\"a\":\"line\nbreak\"}",
                                  "{\"functions\":[{\"name\":\"x\"}]} x",
                                  "\xef\xbb\xbf{}"}) {
      check_same_parse(text);
      std::string error;
      BOOST_TEST(!parse_file_result(text, false, error).has_value(), text);
   }
}
