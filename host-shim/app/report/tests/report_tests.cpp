#define BOOST_TEST_MODULE pmat_report_tests
#include <report/report.hpp>

#include <pmat/native/analysis.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

using pmat::report::FileOutcome;
using pmat::report::Format;
using pmat::report::render;

namespace {

FileOutcome analysed(const std::string &path, const std::string &source,
                     const char *profile = "default") {
   pmat::native::Options options;
   options.profile = profile;
   return {path, pmat::native::analyze_file(path, "", source, options), {}};
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
       render({{"x.c", boost::json::object{{"functions", 3}}, {}}}, Format::Json, "default");
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
   reviewed.result["engine"] = "claude";
   reviewed.result["claude"] = boost::json::parse(R"({
      "summary": "Parses one argument.", "risk": "medium",
      "findings": [
        {"function": "parse", "line": 2, "severity": "error", "category": "correctness",
         "message": "Negative input is returned unchecked.", "suggestion": "Reject a < 0."},
        {"function": "", "line": 1, "severity": "info", "category": "documentation",
         "message": "No file comment.", "suggestion": ""}],
      "refactorings": [{"title": "Validate at the boundary", "line": 1, "effort": "small",
                        "description": "Check the argument once where it enters."}]})");
   FileOutcome fell_back = analysed("src/other.c", "int other(void) { return 1; }\n");
   fell_back.result["engine"] = "native";
   fell_back.result["fallback_reason"] = "breaker-open";
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
   BOOST_TEST(rules.size() == 11U); // the three gate rules and eight Claude categories
   const auto &results = run.at("results").as_array();
   BOOST_REQUIRE(results.size() == 2U);
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
   // The CLI keeps the plugin's text (serialize of the same object): the report is unchanged.
   auto files = sample_files();
   const std::string plain = render(files, Format::Json, "default").output;
   for (auto &file : files)
      file.text = file.error.empty() ? boost::json::serialize(file.result) : "";
   BOOST_TEST(render(files, Format::Json, "default").output == plain);
   // And it is the text that is written, not a second serialisation of the object.
   files[0].text = boost::json::serialize(files[0].result);
   files[0].text.insert(1, "\"marker\":1,");
   BOOST_TEST(render(files, Format::Json, "default").output.find(files[0].text) !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_json_report_object_is_what_render_serialises) {
   const auto files = files_with_claude();
   const auto object = pmat::report::json_report(files, "strict");
   BOOST_TEST(boost::json::serialize(object) + "\n" ==
              render(files, Format::Json, "strict").output);
}
