// SPDX-License-Identifier: MIT
// append_json_text writes the bytes boost::json::serialize(to_json(x)) writes, for results the
// analyzer never produces too: every control byte, quotes, backslashes, multi-byte and invalid
// UTF-8 in every string field, empty strings, skipped and truncated files, the integer extremes.
// (The robustness test compares the two over every file of the real-code corpora.)
#include "test_support.hpp"

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <limits>
#include <string>

using namespace pmat::native;

namespace {

std::string written_text(const FileAnalysis &analysis) {
   std::string text;
   append_json_text(analysis, text);
   return text;
}

void check_same_as_boost(const FileAnalysis &analysis) {
   BOOST_TEST(written_text(analysis) == boost::json::serialize(to_json(analysis)));
}

// Bytes 0x00-0x1f, 0x7f, the JSON specials, '/', UTF-8 of two, three and four bytes, and bytes
// that are not UTF-8 at all (the writer, like Boost's serializer, passes them through).
std::string hostile_string() {
   std::string text;
   for (int byte = 0; byte < 0x20; ++byte) {
      text.push_back(static_cast<char>(byte));
   }
   text += "\x7f\"\\/'<>&";
   text += "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e"; // é € 𝄞
   text += "\x80\xff\xc3";
   return text;
}

std::string every_byte() {
   std::string text;
   for (int byte = 0; byte < 256; ++byte) {
      text.push_back(static_cast<char>(byte));
   }
   return text;
}

// A result with `text` in every string field and one item of each list (two violations: with a
// function and without).
FileAnalysis with_strings(const std::string &text) {
   FileAnalysis analysis;
   analysis.path = text;
   analysis.language = Language::Rust;
   analysis.skip_reason = text; // not written: the file is not skipped
   analysis.functions.push_back({text, 1, 2, {3, 4, 5, 6}});
   analysis.satd.push_back({text, 7, 8, SatdCategory::Defect, SatdSeverity::Critical, text});
   analysis.violations.push_back(
       {ViolationSeverity::Error, GateRule::Cyclomatic, text, 21, 20, 1, text});
   analysis.violations.push_back({ViolationSeverity::Warning, GateRule::Satd, text, 0, 0, 7, ""});
   analysis.functions_total = 1;
   analysis.satd_total = 1;
   analysis.total_complexity = 3;
   return analysis;
}

FileAnalysis with_numbers(std::uint32_t u32, std::uint64_t u64) {
   FileAnalysis analysis = with_strings("n");
   analysis.bytes = static_cast<std::size_t>(u64);
   analysis.lines = u32;
   analysis.functions.front().line_start = u32;
   analysis.functions.front().line_end = u32;
   analysis.functions.front().metrics = {u32, u32, u32, u32};
   analysis.satd.front().line = u32;
   analysis.satd.front().column = u32;
   for (auto &violation : analysis.violations) {
      violation.value = u32;
      violation.threshold = u32;
      violation.line = u32;
   }
   analysis.truncated = true;
   analysis.functions_total = static_cast<std::size_t>(u64);
   analysis.satd_total = static_cast<std::size_t>(u64);
   analysis.total_complexity = u64;
   return analysis;
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(escapes_as_boost_json_does) {
   FileAnalysis analysis;
   analysis.path = std::string("a\0\x01\x1f\b\t\n\f\r\"\\/\x7f\xc3\xa9", 15);
   const std::string text = written_text(analysis);
   BOOST_TEST(text.starts_with(R"({"path":"a\u0000\u0001\u001f\b\t\n\f\r\"\\/)"
                               "\x7f\xc3\xa9\",\"language\":\"unknown\",\"skipped\":false,"));
   check_same_as_boost(analysis);
}

BOOST_AUTO_TEST_CASE(hostile_strings_in_every_field) {
   for (const std::string &text : {hostile_string(), every_byte(), std::string()}) {
      check_same_as_boost(with_strings(text));
      FileAnalysis skipped = with_strings(text);
      skipped.skipped = true;
      check_same_as_boost(skipped);
   }
}

BOOST_AUTO_TEST_CASE(integer_extremes) {
   constexpr auto k_u32_max = std::numeric_limits<std::uint32_t>::max();
   constexpr auto k_u64_max = std::numeric_limits<std::uint64_t>::max();
   check_same_as_boost(with_numbers(0, 0));
   check_same_as_boost(with_numbers(k_u32_max, k_u64_max));
   check_same_as_boost(with_numbers(k_u32_max - 1, std::uint64_t{k_u32_max} + 1));
   BOOST_TEST(written_text(with_numbers(k_u32_max, k_u64_max))
                  .ends_with(R"("truncated":true,"functions_total":18446744073709551615,)"
                             R"("satd_total":18446744073709551615})"));
}

BOOST_AUTO_TEST_CASE(empty_skipped_and_out_of_range_results) {
   check_same_as_boost(FileAnalysis{});
   FileAnalysis skipped;
   skipped.path = "bin.c";
   skipped.skipped = true;
   skipped.skip_reason = "binary (NUL byte)";
   check_same_as_boost(skipped);
   skipped.skip_reason.clear(); // an empty reason is still written for a skipped file
   check_same_as_boost(skipped);
   BOOST_TEST(written_text(skipped).find(R"("skip_reason":"")") != std::string::npos);
   FileAnalysis odd = with_strings("x");
   // Values outside the enumerators but inside each enum's range (no UB): named "unknown".
   odd.language = static_cast<Language>(15);
   odd.satd.front().category = static_cast<SatdCategory>(7);
   odd.violations.front().rule = static_cast<GateRule>(3);
   check_same_as_boost(odd);
}

BOOST_AUTO_TEST_CASE(analysed_sources_of_every_language) {
   const std::pair<Language, const char *> sources[] = {
       {Language::C, "int f(int a) {\n  // FIXME: \"x\" \\ later\n  return a ? 1 : a && 2;\n}\n"},
       {Language::Cpp, "struct S { int g(int a) { if (a) { for (;;) {} } return 0; } };\n"},
       {Language::Rust, "fn main() { let s = \"\\t\u00e9\"; match s { _ => {} } }\n"},
       {Language::Python, "# TODO: more\ndef f(a):\n    return a or 1\n"},
       {Language::JavaScript, "const f = (a) => a ?? 1; // HACK: \u20ac\n"},
       {Language::TypeScript, "function g(a: number): number { return a > 1 ? a : 0; }\n"},
       {Language::Go, "func h(a int) int { if a > 0 { return 1 }; return 0 }\n"},
       {Language::Java, "class A { int k(int a) { while (a > 0) { a--; } return a; } }\n"},
   };
   for (const auto &[language, source] : sources) {
      check_same_as_boost(test::run(language, source, "strict"));
   }
}

BOOST_AUTO_TEST_CASE(appends_after_what_the_string_holds) {
   const FileAnalysis analysis = with_strings("f");
   std::string text = "prefix,";
   append_json_text(analysis, text);
   append_json_text(analysis, text);
   const std::string one = boost::json::serialize(to_json(analysis));
   BOOST_TEST(text == "prefix," + one + one);
}

BOOST_AUTO_TEST_SUITE_END()
