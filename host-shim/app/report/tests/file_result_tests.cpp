// SPDX-License-Identifier: MIT
// The typed result: the plugin's text parsed once, tolerant of whatever a plugin returned.
#include <report/file_result.hpp>
#include <report/report.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using pmat::report::FileOutcome;
using pmat::report::FileResult;
using pmat::report::parse_file_result;

namespace {

FileResult parsed(const std::string &text) {
   std::string error;
   auto result = parse_file_result(text, false, error);
   BOOST_REQUIRE_MESSAGE(result.has_value(), error);
   return std::move(*result);
}

// Every format of the report over one file, which must render without throwing.
void render_all(FileResult result) {
   std::vector<FileOutcome> files;
   files.emplace_back("x.c", std::move(result), std::string());
   for (const auto format :
        {pmat::report::Format::Json, pmat::report::Format::Text, pmat::report::Format::Sarif})
      BOOST_CHECK_NO_THROW(pmat::report::render(files, format, "default"));
}

} // namespace

BOOST_AUTO_TEST_CASE(text_that_is_not_a_json_object_is_a_clear_error) {
   for (const std::string text : {"", "{", "not json", "[1, 2]", "\"text\"", "42", "{} trailing"}) {
      std::string error;
      BOOST_TEST(!parse_file_result(text, false, error).has_value(), text);
      BOOST_TEST(!error.empty(), text);
   }
   std::string error;
   parse_file_result("[]", false, error);
   BOOST_TEST(error == "not a JSON object");
   parse_file_result("{", false, error);
   BOOST_TEST(error.starts_with("not JSON ("), error);
}

BOOST_AUTO_TEST_CASE(a_result_without_functions_is_malformed_and_the_report_counts_it_errored) {
   const FileResult result = parsed(R"({"path": "x.c", "violations": []})");
   BOOST_TEST(!result.well_formed);
   std::vector<FileOutcome> files;
   files.emplace_back("x.c", result, std::string());
   const auto json = boost::json::parse(
       pmat::report::render(files, pmat::report::Format::Json, "default").output);
   BOOST_TEST(json.at("errors").at(0).at("error").as_string() == "malformed analyzer result");
   BOOST_TEST(json.at("gate").at("passed").as_bool());
}

BOOST_AUTO_TEST_CASE(mistyped_members_read_as_empty_and_never_throw) {
   const FileResult result = parsed(R"({"path": 7, "skipped": "yes", "engine": 1,
      "functions": [1, {"name": 3, "line_start": "9", "metrics": "none"}],
      "satd": [null, {"severity": 2}], "violations": ["x", {"line": "12", "severity": []}],
      "fallback_reason": {}, "claude": "a string"})");
   BOOST_TEST(result.well_formed);
   BOOST_TEST(result.path.value() == ""); // present but not a string
   BOOST_TEST(!result.skipped);
   BOOST_TEST(result.engine.empty());
   BOOST_REQUIRE(result.functions.size() == 1U);
   BOOST_TEST(result.functions[0].name.empty());
   BOOST_TEST(result.functions[0].line_start == 0);
   BOOST_TEST(result.functions[0].cyclomatic == 0);
   BOOST_TEST(result.satd_severities.size() == 1U);
   BOOST_REQUIRE(result.violations.size() == 1U);
   BOOST_TEST(result.violations[0].line == 0);
   BOOST_TEST(result.fallback_reason.empty());
   BOOST_TEST(!result.claude.has_value());
   BOOST_TEST(!result.has_fixes());
   BOOST_TEST(result.cost_usd() == 0.0);
   render_all(result);
}

// Boost.JSON's to_number<std::int64_t>() throws on these; the tolerant read does not.
BOOST_AUTO_TEST_CASE(a_number_that_is_no_integer_reads_as_zero_and_never_throws) {
   std::string error;
   for (const bool keep_json : {false, true}) {
      const auto result = parse_file_result(
          R"({"functions":[{"line_start":1.5,"metrics":{"cyclomatic":1e300}}],
             "violations":[{"line":18446744073709551615}]})",
          keep_json, error);
      BOOST_REQUIRE(result.has_value());
      BOOST_TEST(result->functions.at(0).line_start == 0);
      BOOST_TEST(result->functions.at(0).cyclomatic == 0);
      BOOST_TEST(result->violations.at(0).line == 0);
   }
}

BOOST_AUTO_TEST_CASE(claudes_answer_is_read_into_typed_findings) {
   const FileResult result = parsed(R"({"functions": [], "engine": "claude", "claude": {
      "risk": "high", "summary": "s", "cost_usd": 0.5, "dropped_duplicates": 2,
      "usage": {"input_tokens": 10, "output_tokens": "many"},
      "findings": [7, {"line": 4, "end_line": 2, "severity": "error", "confidence": "high",
                        "fix": {"line": 4, "end_line": 5, "replacement": "x\n"}},
                   {"line": -3, "fix": {"line": 1}}],
      "refactorings": [{"line": 9, "end_line": 12, "title": "t"}, "x"]}})");
   BOOST_REQUIRE(result.claude.has_value());
   const auto &claude = *result.claude;
   BOOST_TEST(claude.risk == "high");
   BOOST_TEST(claude.usage.input_tokens == 10);
   BOOST_TEST(claude.usage.output_tokens == 0);
   BOOST_TEST(claude.dropped_duplicates == 2);
   BOOST_REQUIRE(claude.findings.size() == 2U);
   BOOST_TEST(claude.findings[0].end_line == 4); // never before its line
   BOOST_TEST(claude.findings[0].confidence == 1.0);
   BOOST_REQUIRE(claude.findings[0].fix.has_value());
   BOOST_TEST(claude.findings[0].fix->end_line == 5);
   BOOST_TEST(claude.findings[1].line == 1);        // below 1 reads as 1
   BOOST_TEST(!claude.findings[1].fix.has_value()); // a fix without its replacement is none
   BOOST_REQUIRE(claude.refactorings.size() == 1U);
   BOOST_TEST(claude.refactorings[0].end_line == 12);
   BOOST_TEST(result.has_fixes());
   BOOST_TEST(result.cost_usd() == 0.5);
   render_all(result);
}

BOOST_AUTO_TEST_CASE(the_text_is_kept_as_given_and_the_object_only_when_asked) {
   const std::string text = R"({"path":"x.c","functions":[],"extra":{"kept":true}})";
   BOOST_TEST(parsed(text).text == text);
   BOOST_TEST(!parsed(text).json.has_value());
   std::string error;
   const auto kept = parse_file_result(text, true, error);
   BOOST_REQUIRE(kept.has_value());
   BOOST_REQUIRE(kept->json.has_value());
   BOOST_TEST(boost::json::serialize(*kept->json) == text);
}

BOOST_AUTO_TEST_CASE(an_appended_member_is_what_serialising_the_object_with_it_writes) {
   boost::json::object object{{"a", 1}, {"b", "x\"y"}};
   std::string text = boost::json::serialize(object);
   pmat::report::append_member(text, "gate", boost::json::object{{"passed", true}});
   object["gate"] = boost::json::object{{"passed", true}};
   BOOST_TEST(text == boost::json::serialize(object));
   std::string empty = "{}";
   pmat::report::append_member(empty, "k\"", boost::json::string_view("v\n"));
   BOOST_TEST(empty == boost::json::serialize(boost::json::object{{"k\"", "v\n"}}));
}

BOOST_AUTO_TEST_CASE(a_text_with_whitespace_stays_json_when_the_report_appends_to_it) {
   std::string spaced = " { } \n";
   pmat::report::append_member(spaced, "k", 1);
   BOOST_TEST(boost::json::parse(spaced) == boost::json::parse(R"({"k":1})"));
   // A change's review appends its changed lines to a plugin's own text.
   FileOutcome file("x.c", parsed(" {\"path\": \"x.c\", \"functions\": [ ] }\n\t"), "");
   file.changed = std::vector<pmat::report::LineSpan>{{1, 2}};
   pmat::report::ReportOptions options;
   options.change = pmat::report::ChangeScope{"main", {}, {}, {}};
   const auto output = pmat::report::render({file}, pmat::report::Format::Json, options).output;
   const auto entry = boost::json::parse(output).at("files").at(0);
   BOOST_TEST(entry.at("changed_lines").at(0).at(1).to_number<int>() == 2);
   BOOST_TEST(entry.at("path").as_string() == "x.c");
}
