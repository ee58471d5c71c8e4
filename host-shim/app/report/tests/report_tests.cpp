// SPDX-License-Identifier: MIT
#define BOOST_TEST_MODULE pmat_report_tests
#include <report/report.hpp>

#include <pmat/native/analysis.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <utility>

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>

using pmat::report::FileOutcome;
using pmat::report::Format;
using pmat::report::render;
using pmat::report::ReportOptions;

namespace {

// A plugin's answer as the report gets it: its text, parsed into the typed result.
pmat::report::FileResult result_of(const boost::json::object &object) {
   std::string error;
   auto result = pmat::report::parse_file_result(boost::json::serialize(object), false, error);
   BOOST_REQUIRE_MESSAGE(result.has_value(), error);
   return std::move(*result);
}

FileOutcome analysed(const std::string &path, const std::string &source,
                     const char *profile = "default") {
   pmat::native::Options options;
   options.profile = profile;
   return {path, result_of(pmat::native::analyze_file(path, "", source, options)), {}};
}

// The outcome with its result's object changed by `edit`, as a plugin would have answered it.
FileOutcome edited(FileOutcome file, const std::function<void(boost::json::object &)> &edit) {
   auto object = boost::json::parse(file.result.text).as_object();
   edit(object);
   file.result = result_of(object);
   return file;
}

std::vector<FileOutcome> sample_files() {
   std::string busy = "int busy(int a) {\n";
   for (int i = 0; i < 12; ++i) {
      busy += "  if (a == " + std::to_string(i) + ") return a;\n";
   }
   busy += "  return 0;\n}\n";
   return {analysed("src/busy.c", busy),
           analysed("src/ok.py", "# TODO: paging\ndef f(a):\n    return a or 1\n"),
           analysed("data.bin", std::string("\0\1\2", 3) + "int f(){}"),
           {"missing.c", {}, "No such file or directory"}};
}

} // namespace

namespace {

// A C function of cyclomatic complexity `complexity` (complexity - 1 ifs).
std::string function_of_complexity(const std::string &name, int complexity) {
   std::string code = "int " + name + "(int a) {\n";
   for (int i = 1; i < complexity; ++i)
      code += "  if (a == " + std::to_string(i) + ") return a;\n";
   return code + "  return 0;\n}\n";
}

// Median and nearest-rank 90th percentile as a sort gives them: the oracle for the summary.
std::pair<double, double> median_and_p90(std::vector<int> values) {
   std::sort(values.begin(), values.end());
   const std::size_t n = values.size();
   const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
   const auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(n)));
   return {median, static_cast<double>(values[std::max<std::size_t>(rank, 1) - 1])};
}

} // namespace

BOOST_AUTO_TEST_CASE(the_summary_distribution_is_what_sorting_the_functions_gives) {
   std::vector<int> complexities = {5, 1, 9, 3, 3, 7, 2, 12, 4, 6, 1};
   for (const std::size_t count :
        {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{10}, complexities.size()}) {
      const std::vector<int> values(complexities.begin(),
                                    complexities.begin() + static_cast<std::ptrdiff_t>(count));
      std::string source;
      for (std::size_t i = 0; i < values.size(); ++i)
         source += function_of_complexity("f" + std::to_string(i), values[i]);
      const auto root =
          boost::json::parse(render({analysed("a.c", source)}, Format::Json, "default").output);
      const auto &summary = root.at("summary").as_object();
      const auto [median, p90] = median_and_p90(values);
      BOOST_TEST(summary.at("total_functions").to_number<std::size_t>() == count);
      BOOST_TEST(summary.at("median_cyclomatic").to_number<double>() == median);
      BOOST_TEST(summary.at("p90_cyclomatic").to_number<double>() == p90);
      BOOST_TEST(summary.at("max_cyclomatic").to_number<int>() ==
                 *std::max_element(values.begin(), values.end()));
   }
}

BOOST_AUTO_TEST_CASE(json_has_pmats_shape) {
   const auto rendered = render(sample_files(), Format::Json, "default");
   const auto root = boost::json::parse(rendered.output).as_object();
   const auto &summary = root.at("summary").as_object();
   BOOST_TEST(summary.at("total_files").to_number<int>() == 2);
   BOOST_TEST(summary.at("total_functions").to_number<int>() == 2);
   BOOST_TEST(summary.at("max_cyclomatic").to_number<int>() == 13);
   BOOST_TEST(summary.at("median_cyclomatic").to_number<double>() == 7.5);
   BOOST_TEST(summary.at("p90_cyclomatic").to_number<double>() == 13.0);
   BOOST_TEST(summary.at("skipped_files").to_number<int>() == 1);
   BOOST_TEST(summary.at("errored_files").to_number<int>() == 1);
   // 3 points above 10 at 0.25 h, plus a Low SATD item at 0.5 h
   BOOST_TEST(summary.at("technical_debt_hours").to_number<double>() == 1.25);
   BOOST_TEST(root.at("files").as_array().size() == 3U);
   const auto &hotspot = root.at("hotspots").as_array().at(0).as_object();
   BOOST_TEST(hotspot.at("function").as_string() == "busy");
   BOOST_TEST(hotspot.at("complexity").to_number<int>() == 13);
   BOOST_TEST(hotspot.at("complexity_type").as_string() == "cyclomatic");
   const auto &gate = root.at("gate").as_object();
   BOOST_TEST(gate.at("passed").as_bool() == false);
   BOOST_TEST(gate.at("warnings").to_number<int>() ==
              2); // the debt marker and busy's cyclomatic 13
   BOOST_TEST(rendered.gate.violations == 2U);
   BOOST_TEST(!rendered.gate.passed);
   BOOST_TEST(root.at("errors").as_array().at(0).at("path").as_string() == "missing.c");
}

BOOST_AUTO_TEST_CASE(text_is_compact_and_names_the_gate) {
   const auto rendered = render(sample_files(), Format::Text, "default");
   BOOST_TEST(rendered.output.find("src/busy.c:1: warning: Cyclomatic complexity 13 of 'busy' "
                                   "exceeds maximum 10 [cyclomatic-complexity]") !=
              std::string::npos);
   BOOST_TEST(rendered.output.find("missing.c: not analysed: No such file or directory") !=
              std::string::npos);
   BOOST_TEST(rendered.output.find("Quality gate (default): FAILED - 0 errors, 2 warnings") !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(sarif_2_1_0_for_code_scanning) {
   const auto rendered = render(sample_files(), Format::Sarif, "strict");
   const auto root = boost::json::parse(rendered.output).as_object();
   BOOST_TEST(root.at("version").as_string() == "2.1.0");
   const auto &run = root.at("runs").as_array().at(0).as_object();
   const auto &rules = run.at("tool").at("driver").at("rules").as_array();
   BOOST_TEST(rules.size() == 3U);
   const auto &results = run.at("results").as_array();
   BOOST_REQUIRE(results.size() == 2U);
   const auto &first = results.at(0).as_object();
   BOOST_TEST(first.at("ruleId").as_string() == "cyclomatic-complexity");
   BOOST_TEST(rules.at(first.at("ruleIndex").to_number<std::size_t>()).at("id").as_string() ==
              "cyclomatic-complexity");
   BOOST_TEST(first.at("level").as_string() == "warning");
   const auto &location = first.at("locations").as_array().at(0).at("physicalLocation").as_object();
   BOOST_TEST(location.at("artifactLocation").at("uri").as_string() == "src/busy.c");
   BOOST_TEST(location.at("region").at("startLine").to_number<int>() == 1);
}

BOOST_AUTO_TEST_CASE(clean_input_passes_and_malformed_results_count_as_errors) {
   const auto clean =
       render({analysed("a.rs", "fn main() { println!(\"hi\"); }\n")}, Format::Json, "strict");
   BOOST_TEST(clean.gate.passed);
   BOOST_TEST(clean.gate.violations == 0U);
   const auto malformed =
       render({{"x.c", result_of({{"functions", 3}}), {}}}, Format::Json, "default");
   const auto root = boost::json::parse(malformed.output).as_object();
   BOOST_TEST(root.at("summary").at("errored_files").to_number<int>() == 1);
   const auto empty = render({}, Format::Text, "default");
   BOOST_TEST(empty.gate.passed);
}

namespace {

// What libpmat_claude.so returns when Claude reviewed a file (docs/result-schema.md), and when
// Claude was wanted but native answered.
std::vector<FileOutcome> files_with_claude() {
   FileOutcome reviewed = analysed("src/parse.c", "int parse(int a) {\n  return a;\n}\n");
   reviewed = edited(reviewed, [](boost::json::object &result) {
      result["engine"] = "claude";
      result["claude"] = boost::json::parse(R"({
      "summary": "Parses one argument.", "risk": "medium",
      "findings": [
        {"function": "parse", "line": 2, "severity": "error", "category": "correctness",
         "message": "Negative input is returned unchecked.", "suggestion": "Reject a < 0."},
        {"function": "", "line": 1, "severity": "info", "category": "documentation",
         "message": "No file comment.", "suggestion": ""}],
      "refactorings": [{"title": "Validate at the boundary", "line": 1, "effort": "small",
                        "description": "Check the argument once where it enters."}]})");
   });
   FileOutcome fell_back = edited(analysed("src/other.c", "int other(void) { return 1; }\n"),
                                  [](boost::json::object &result) {
                                     result["engine"] = "native";
                                     result["fallback_reason"] = "breaker-open";
                                  });
   return {reviewed, fell_back};
}

} // namespace

BOOST_AUTO_TEST_CASE(claude_findings_are_reported_but_never_fail_the_gate) {
   const auto text = render(files_with_claude(), Format::Text, "default");
   BOOST_TEST(text.gate.passed);
   BOOST_TEST(text.output.find("Claude review: 1 file, 2 findings, 1 refactoring; native instead "
                               "of Claude: 1 (breaker-open: 1)") != std::string::npos,
              text.output);
   BOOST_TEST(text.output.find("  src/parse.c:1: refactoring (small): Validate at the boundary\n"
                               "      Check the argument once where it enters.\n") !=
              std::string::npos);
   BOOST_TEST(text.output.find("  src/parse.c: risk medium: Parses one argument.") !=
              std::string::npos);
   BOOST_TEST(text.output.find("  src/parse.c:2: error [correctness] parse: Negative input is "
                               "returned unchecked.\n      suggestion: Reject a < 0.") !=
              std::string::npos);
   BOOST_TEST(text.output.find("  src/parse.c:1: info [documentation]: No file comment.\n") !=
              std::string::npos);

   const auto json =
       boost::json::parse(render(files_with_claude(), Format::Json, "default").output);
   const auto &summary = json.at("summary").as_object();
   BOOST_TEST(summary.at("claude_reviewed_files").to_number<int>() == 1);
   BOOST_TEST(summary.at("claude_findings").to_number<int>() == 2);
   BOOST_TEST(summary.at("claude_refactorings").to_number<int>() == 1);
   BOOST_TEST(summary.at("claude_fallbacks").at("breaker-open").to_number<int>() == 1);
   BOOST_TEST(json.at("gate").at("passed").as_bool());
}

BOOST_AUTO_TEST_CASE(sarif_carries_claude_findings_under_their_own_rules) {
   const auto rendered = render(files_with_claude(), Format::Sarif, "default");
   const auto root = boost::json::parse(rendered.output).as_object();
   const auto &run = root.at("runs").as_array().at(0).as_object();
   const auto &rules = run.at("tool").at("driver").at("rules").as_array();
   BOOST_TEST(rules.size() == 12U); // the gate's 3, Claude's 8 categories and its refactorings
   const auto &results = run.at("results").as_array();
   BOOST_REQUIRE(results.size() == 3U); // two findings, one refactoring
   const auto &error = results.at(0).as_object();
   BOOST_TEST(error.at("ruleId").as_string() == "claude-correctness");
   BOOST_TEST(rules.at(error.at("ruleIndex").to_number<std::size_t>()).at("id").as_string() ==
              "claude-correctness");
   BOOST_TEST(error.at("level").as_string() == "error");
   BOOST_TEST(error.at("message").at("text").as_string() ==
              "Negative input is returned unchecked. Suggestion: Reject a < 0.");
   BOOST_TEST(error.at("properties").at("source").as_string() == "claude");
   const auto &location = error.at("locations").as_array().at(0).at("physicalLocation");
   BOOST_TEST(location.at("artifactLocation").at("uri").as_string() == "src/parse.c");
   BOOST_TEST(location.at("region").at("startLine").to_number<int>() == 2);
   BOOST_TEST(results.at(1).at("level").as_string() == "note");
   BOOST_TEST(results.at(1).at("ruleId").as_string() == "claude-documentation");
   const auto &refactoring = results.at(2).as_object();
   BOOST_TEST(refactoring.at("ruleId").as_string() == "claude-refactoring");
   BOOST_TEST(rules.at(refactoring.at("ruleIndex").to_number<std::size_t>()).at("id").as_string() ==
              "claude-refactoring");
   BOOST_TEST(refactoring.at("level").as_string() == "note");
   BOOST_TEST(refactoring.at("message").at("text").as_string() ==
              "Validate at the boundary: Check the argument once where it enters.");
}

// Two reviewed files with their usage and cost (docs/result-schema.md, "Cost"): the summary sums
// them field by field, the text report ends with the bill and the dropped findings, and a
// finding spanning lines carries its end in SARIF.
BOOST_AUTO_TEST_CASE(the_report_totals_claudes_usage_and_cost) {
   auto files = files_with_claude();
   files.at(0) = edited(files.at(0), [](boost::json::object &result) {
      auto &first = result.at("claude").as_object();
      first["usage"] = boost::json::parse(R"({"input_tokens": 48000, "output_tokens": 6000,
         "cache_read_input_tokens": 7, "cache_creation_input_tokens": 11})");
      first["cost_usd"] = 0.25;
      first["dropped_findings"] = 2;
      first["findings"].as_array().at(0).as_object()["end_line"] = 3;
   });
   files.push_back(edited(
       analysed("src/more.c", "int more(void) { return 2; }\n"), [](boost::json::object &result) {
          result["engine"] = "claude";
          result["claude"] = boost::json::parse(R"({"summary": "s", "risk": "low",
      "findings": [], "refactorings": [], "dropped_findings": 1, "cost_usd": 0.06,
      "usage": {"input_tokens": 200, "output_tokens": 100, "cache_read_input_tokens": 1,
                "cache_creation_input_tokens": 0}})");
       }));

   const auto json = boost::json::parse(render(files, Format::Json, "default").output);
   const auto &summary = json.at("summary").as_object();
   const auto &usage = summary.at("claude_usage");
   BOOST_TEST(usage.at("input_tokens").to_number<int>() == 48200);
   BOOST_TEST(usage.at("output_tokens").to_number<int>() == 6100);
   BOOST_TEST(usage.at("cache_read_input_tokens").to_number<int>() == 8);
   BOOST_TEST(usage.at("cache_creation_input_tokens").to_number<int>() == 11);
   BOOST_TEST(summary.at("claude_cost_usd").to_number<double>() == 0.31,
              boost::test_tools::tolerance(1e-12));
   BOOST_TEST(summary.at("claude_dropped_findings").to_number<int>() == 3);

   const std::string text = render(files, Format::Text, "default").output;
   BOOST_TEST(text.ends_with("Claude: 2 files, 48.2k in / 6.1k out tokens, $0.31\n"
                             "Claude: 3 findings dropped: the quoted code was not at the stated "
                             "line\n"),
              text);

   const auto sarif = boost::json::parse(render(files, Format::Sarif, "default").output);
   const auto &results = sarif.at("runs").at(0).at("results").as_array();
   const auto &spanning = results.at(0).at("locations").at(0).at("physicalLocation").at("region");
   BOOST_TEST(spanning.at("startLine").to_number<int>() == 2);
   BOOST_TEST(spanning.at("endLine").to_number<int>() == 3);
   const auto &one_line = results.at(1).at("locations").at(0).at("physicalLocation").at("region");
   BOOST_TEST(!one_line.as_object().contains("endLine"));
}

BOOST_AUTO_TEST_CASE(a_native_only_report_says_nothing_about_claude) {
   const auto text = render(sample_files(), Format::Text, "default");
   BOOST_TEST(text.output.find("Claude") == std::string::npos);
   const auto sarif = boost::json::parse(render(sample_files(), Format::Sarif, "default").output);
   BOOST_TEST(sarif.at("runs").at(0).at("tool").at("driver").at("rules").as_array().size() == 3U);
}

BOOST_AUTO_TEST_CASE(the_typed_gate_is_the_reports_gate) {
   const auto files = sample_files();
   const pmat::report::Gate gate = pmat::report::evaluate_gate(files, "default");
   BOOST_TEST(gate.profile == "default");
   BOOST_TEST(!gate.passed);
   BOOST_TEST(gate.violations == 2U); // busy's cyclomatic 13 and the debt marker
   BOOST_TEST(gate.errors == 0U);
   BOOST_TEST(gate.warnings == 2U);
   const auto report = boost::json::parse(render(files, Format::Json, "default").output);
   BOOST_TEST(boost::json::value(pmat::report::gate_json(gate)) == report.at("gate"));
   BOOST_TEST(render(files, Format::Text, "default").gate.passed == gate.passed);
}

BOOST_AUTO_TEST_CASE(one_clean_file_passes_and_skipped_or_errored_files_have_no_violations) {
   const auto clean = pmat::report::evaluate_gate(
       {analysed("a.rs", "fn main() { println!(\"hi\"); }\n")}, "strict");
   BOOST_TEST(clean.passed);
   BOOST_TEST(clean.profile == "strict");
   BOOST_TEST(clean.violations == 0U);
   const auto errored =
       pmat::report::evaluate_gate({{"missing.c", {}, "No such file or directory"}}, "default");
   BOOST_TEST(errored.passed);
   BOOST_TEST(errored.violations == 0U);
}

BOOST_AUTO_TEST_CASE(a_files_own_text_is_written_as_its_entry_byte_for_byte) {
   // The report writes the plugin's text as the file's entry, members it does not read included:
   // no second serialisation.
   auto files = sample_files();
   files[0].result.text.insert(1, "\"marker\": 1, ");
   BOOST_TEST(render(files, Format::Json, "default").output.find(files[0].result.text) !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_changes_review_lists_the_changed_lines_even_with_the_files_own_text) {
   // In a change's review the report appends to a file's entry, so its kept text is not the
   // entry: the entry is the object with the changed lines and the name at the base.
   FileOutcome file = sample_files()[0];
   file.changed = std::vector<pmat::report::LineSpan>{{1, 2}};
   file.renamed_from = "old.c";
   ReportOptions options;
   options.change = pmat::report::ChangeScope{"main", {}, {}, {}};
   const std::string output = render({file}, Format::Json, options).output;
   const auto entry = boost::json::parse(output).at("files").at(0);
   BOOST_TEST(entry.at("changed_lines").at(0).at(1).to_number<int>() == 2);
   BOOST_TEST(entry.at("renamed_from").as_string() == "old.c");
   BOOST_TEST(boost::json::serialize(pmat::report::json_report({file}, options)) + "\n" == output);
}

// render_to hands the same report over in pieces (the CLI writes them to stdout as they come):
// joined, they are render's output, with the same gate, in every format and for a change's
// review (whose file entries the report extends) too.
BOOST_AUTO_TEST_CASE(the_report_in_pieces_is_the_rendered_report) {
   FileOutcome changed = sample_files()[0];
   changed.changed = std::vector<pmat::report::LineSpan>{{1, 2}};
   ReportOptions review;
   review.profile = "strict";
   review.change = pmat::report::ChangeScope{"main", {}, {}, {}};
   auto files = files_with_claude();
   files.push_back(changed);
   for (const ReportOptions &options : {ReportOptions{}, review}) {
      for (const Format format : {Format::Json, Format::Text, Format::Sarif}) {
         std::string joined;
         std::size_t pieces = 0;
         const pmat::report::Gate gate =
             pmat::report::render_to(files, format, options, [&](std::string_view piece) {
                joined += piece;
                ++pieces;
             });
         const auto rendered = render(files, format, options);
         BOOST_TEST(joined == rendered.output);
         BOOST_TEST(gate.passed == rendered.gate.passed);
         BOOST_TEST(gate.violations == rendered.gate.violations);
         if (format == Format::Json) { // one piece per file entry at least
            BOOST_TEST(pieces > files.size());
            BOOST_TEST(joined ==
                       boost::json::serialize(pmat::report::json_report(files, options)) + "\n");
         }
      }
   }
}

// The violations are written as text, not through a boost::json tree: whatever their strings
// hold, the text is what Boost writes for the same report object.
BOOST_AUTO_TEST_CASE(violations_with_hostile_strings_are_written_as_boost_writes_them) {
   const auto hostile = edited(sample_files()[0], [](boost::json::object &object) {
      auto &violation = object.at("violations").as_array().at(0).as_object();
      violation["message"] = "quote \" backslash \\ slash / tab \t nul " + std::string(1, '\0') +
                             " \x1f \x7f caf\xc3\xa9";
      violation["function"] = "operator\"\"_x";
      violation["file"] = "dir/\u00e9\n.c";
      violation["value"] = -12;
      violation["threshold"] = std::numeric_limits<std::int64_t>::max();
   });
   const std::vector<FileOutcome> files = {hostile, sample_files()[1]};
   const std::string output = render(files, Format::Json, "default").output;
   BOOST_TEST(boost::json::serialize(pmat::report::json_report(files, "default")) + "\n" == output);
   const auto violation = boost::json::parse(output).at("violations").at(0);
   BOOST_TEST(violation.at("function").as_string() == "operator\"\"_x");
   BOOST_TEST(violation.at("value").to_number<std::int64_t>() == -12);
}

BOOST_AUTO_TEST_CASE(the_json_report_object_is_what_render_serialises) {
   const auto files = files_with_claude();
   const auto object = pmat::report::json_report(files, "strict");
   BOOST_TEST(boost::json::serialize(object) + "\n" ==
              render(files, Format::Json, "strict").output);
}

namespace {

const std::string k_parse_c = "int parse(int a) {\n  return a;\n}\n";

// A reviewed file whose findings carry confidence and fixes, with the file's text kept (as
// analyze_files keeps it for a file with fixes).
FileOutcome reviewed_with_fixes() {
   FileOutcome reviewed =
       edited(analysed("src/parse.c", k_parse_c), [](boost::json::object &result) {
          result["engine"] = "claude";
          result["claude"] = boost::json::parse(R"({
      "summary": "s", "risk": "high",
      "findings": [
        {"function": "parse", "line": 2, "end_line": 2, "severity": "error",
         "category": "correctness", "message": "Negative input is returned unchecked.",
         "suggestion": "", "confidence": 0.9,
         "fix": {"line": 2, "end_line": 2, "replacement": "  return a < 0 ? 0 : a;\n"}},
        {"function": "parse", "line": 1, "severity": "warning", "category": "style",
         "message": "A guess.", "suggestion": "", "confidence": 0.3},
        {"function": "", "line": 3, "severity": "info", "category": "style",
         "message": "Off the end.", "suggestion": "", "confidence": 0.8,
         "fix": {"line": 9, "end_line": 9, "replacement": "x"}}],
      "refactorings": []})");
       });
   reviewed.content = k_parse_c;
   return reviewed;
}

} // namespace

namespace {

// True when `git apply --check` accepts `patch` in a fresh repository holding `files`.
bool git_apply_check(const std::vector<std::pair<std::string, std::string>> &files,
                     const std::string &patch) {
   std::string pattern = (std::filesystem::temp_directory_path() / "pmat-patch-XXXXXX").string();
   BOOST_REQUIRE(::mkdtemp(pattern.data()));
   const std::filesystem::path root = pattern;
   for (const auto &[path, content] : files) {
      std::filesystem::create_directories((root / path).parent_path());
      std::ofstream(root / path, std::ios::binary) << content;
   }
   std::ofstream(root / "fixes.patch", std::ios::binary) << patch;
   const std::string command = "cd '" + root.string() +
                               "' && git init -q && git apply --check fixes.patch && git apply "
                               "fixes.patch";
   const bool applied = std::system(command.c_str()) == 0;
   std::filesystem::remove_all(root);
   return applied;
}

} // namespace

BOOST_AUTO_TEST_CASE(low_confidence_findings_are_dropped_and_counted) {
   ReportOptions options;
   options.min_confidence = 0.6;
   const auto json =
       boost::json::parse(render({reviewed_with_fixes()}, Format::Json, options).output);
   BOOST_TEST(json.at("summary").at("claude_findings").to_number<int>() == 2);
   BOOST_TEST(json.at("summary").at("claude_filtered").at("low_confidence").to_number<int>() == 1);
   options.min_confidence = 0.0;
   const auto all =
       boost::json::parse(render({reviewed_with_fixes()}, Format::Json, options).output);
   BOOST_TEST(all.at("summary").at("claude_findings").to_number<int>() == 3);
}

BOOST_AUTO_TEST_CASE(fail_on_claude_trips_the_gate_and_says_which_finding) {
   ReportOptions options;
   options.fail_on_claude = "error";
   const auto text = render({reviewed_with_fixes()}, Format::Text, options);
   BOOST_TEST(!text.gate.passed);
   BOOST_TEST(text.gate.claude_findings == 1U);
   BOOST_TEST(text.output.find("parse: Negative input is returned unchecked. (fails the gate)") !=
              std::string::npos);
   BOOST_TEST(text.output.find("; 1 Claude finding at or above error") != std::string::npos);
   options.fail_on_claude = "critical";
   BOOST_TEST(render({reviewed_with_fixes()}, Format::Text, options).gate.passed);
   options.fail_on_claude = "";
   BOOST_TEST(render({reviewed_with_fixes()}, Format::Text, options).gate.passed);
}

BOOST_AUTO_TEST_CASE(fixes_reach_sarif_and_the_text_report_as_diffs) {
   const auto sarif =
       boost::json::parse(render({reviewed_with_fixes()}, Format::Sarif, ReportOptions{}).output);
   const auto &results = sarif.at("runs").at(0).at("results").as_array();
   BOOST_REQUIRE(results.size() == 2U);
   const auto &change = results.at(0).at("fixes").at(0).at("artifactChanges").at(0);
   BOOST_TEST(change.at("artifactLocation").at("uri").as_string() == "src/parse.c");
   const auto &replacement = change.at("replacements").at(0);
   BOOST_TEST(replacement.at("deletedRegion").at("startLine").to_number<int>() == 2);
   BOOST_TEST(replacement.at("deletedRegion").at("endLine").to_number<int>() == 2);
   BOOST_TEST(replacement.at("insertedContent").at("text").as_string() ==
              "  return a < 0 ? 0 : a;");
   BOOST_TEST(!results.at(1).as_object().contains("fixes")); // line 9 is not in the file
   const auto text = render({reviewed_with_fixes()}, Format::Text, ReportOptions{}).output;
   BOOST_TEST(text.find("      fix: @@ -2,1 @@\n        -  return a;\n"
                        "        +  return a < 0 ? 0 : a;\n") != std::string::npos,
              text);
}

BOOST_AUTO_TEST_CASE(the_patch_of_all_fixes_is_what_git_apply_accepts) {
   FileOutcome reviewed = reviewed_with_fixes();
   const std::string patch = pmat::report::fixes_patch({reviewed}, ReportOptions{});
   BOOST_TEST(patch == "diff --git a/src/parse.c b/src/parse.c\n"
                       "--- a/src/parse.c\n"
                       "+++ b/src/parse.c\n"
                       "@@ -1,3 +1,3 @@\n"
                       " int parse(int a) {\n"
                       "-  return a;\n"
                       "+  return a < 0 ? 0 : a;\n"
                       " }\n");
   // A file without a final newline, two fixes far apart (two hunks) and a deletion.
   std::string text;
   for (int i = 1; i <= 20; ++i)
      text += "line " + std::to_string(i) + (i < 20 ? "\n" : "");
   FileOutcome far = edited(analysed("notes.py", text), [](boost::json::object &result) {
      result["engine"] = "claude";
      result["claude"] = boost::json::parse(R"({"summary": "s", "risk": "low", "findings": [
      {"function": "", "line": 2, "severity": "info", "category": "style", "message": "m",
       "suggestion": "", "fix": {"line": 2, "end_line": 3, "replacement": ""}},
      {"function": "", "line": 20, "severity": "info", "category": "style", "message": "m",
       "suggestion": "", "fix": {"line": 19, "end_line": 20, "replacement": "end\nmore\n"}}],
      "refactorings": []})");
   });
   far.content = text;
   const std::string both = pmat::report::fixes_patch({reviewed, far}, ReportOptions{});
   BOOST_TEST(both.find("@@ -1,6 +1,4 @@\n line 1\n-line 2\n-line 3\n line 4\n") !=
                  std::string::npos,
              both);
   BOOST_TEST(both.find("@@ -16,5 +14,5 @@\n line 16\n line 17\n line 18\n-line 19\n-line 20\n"
                        "\\ No newline at end of file\n+end\n+more\n"
                        "\\ No newline at end of file\n") != std::string::npos,
              both);
   BOOST_TEST(git_apply_check({{"src/parse.c", k_parse_c}, {"notes.py", text}}, both));
}

BOOST_AUTO_TEST_CASE(a_change_scope_limits_the_gate_and_claudes_findings) {
   std::string busy = "int busy(int a) {\n";
   for (int i = 0; i < 12; ++i)
      busy += "  if (a == " + std::to_string(i) + ") return a;\n";
   busy += "  return 0;\n}\nint calm(int a) {\n  return a;\n}\n";
   FileOutcome file = analysed("src/busy.c", busy);
   file.changed = std::vector<pmat::report::LineSpan>{{17, 17}}; // inside calm
   ReportOptions options;
   options.change =
       pmat::report::ChangeScope{"main", {"src/old.c"}, {{"logo.png", "binary file"}}, {}};
   const auto outside = render({file}, Format::Json, options);
   BOOST_TEST(outside.gate.passed);
   BOOST_TEST(outside.gate.changed_lines_only);
   BOOST_TEST(outside.gate.not_counted == 1U);
   const auto json = boost::json::parse(outside.output);
   BOOST_TEST(json.at("gate").at("scope").as_string() == "changed-lines");
   BOOST_TEST(json.at("change").at("skipped").at(0).at("reason").as_string() == "binary file");
   file.changed = std::vector<pmat::report::LineSpan>{{5, 5}}; // inside busy
   const auto inside = render({file}, Format::Json, options);
   BOOST_TEST(!inside.gate.passed);
   BOOST_TEST(inside.gate.violations == 1U);

   FileOutcome reviewed = reviewed_with_fixes();
   reviewed.changed = std::vector<pmat::report::LineSpan>{{3, 3}};
   options.min_confidence = 0.0;
   const auto claude = boost::json::parse(render({reviewed}, Format::Json, options).output);
   BOOST_TEST(claude.at("summary").at("claude_findings").to_number<int>() == 1); // line 3 only
   BOOST_TEST(claude.at("summary").at("claude_filtered").at("outside_change").to_number<int>() ==
              2);
}
