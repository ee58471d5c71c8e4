// SPDX-License-Identifier: MIT
// SARIF 2.1.0 for GitHub code scanning: one run, the three gate rules, one result per violation
// with a physical location (relative URI and start line); with Claude's review, a rule per
// finding category and one result per finding.
#include "aggregate.hpp"

#include <boost/json/serialize.hpp>

#include <array>

namespace pmat::report::detail {
namespace {

struct Rule {
   std::string_view id;
   std::string_view name;
   std::string_view description;
};

constexpr std::array<Rule, 3> k_rules{{
    {"satd", "SelfAdmittedTechnicalDebt",
     "A comment admits technical debt (TODO, FIXME, HACK, ...)."},
    {"cyclomatic-complexity", "CyclomaticComplexity",
     "A function's McCabe cyclomatic complexity exceeds the gate's threshold."},
    {"cognitive-complexity", "CognitiveComplexity",
     "A function's SonarSource cognitive complexity exceeds the gate's threshold."},
}};

// Claude's finding categories (docs/bridge-analysis-schema.md), one rule each: `claude-<category>`.
// Their results are advice from a model, so they carry properties.source = "claude" and never
// count towards the gate.
constexpr std::array<std::string_view, 8> k_claude_categories{
    "complexity",      "correctness", "security",      "performance",
    "maintainability", "style",       "documentation", "testing"};

boost::json::object rule_json(std::string_view id, std::string_view name,
                              std::string_view description) {
   return boost::json::object{{"id", id},
                              {"name", name},
                              {"shortDescription", boost::json::object{{"text", description}}},
                              {"defaultConfiguration", boost::json::object{{"level", "warning"}}}};
}

boost::json::array rules_json(bool with_claude) {
   boost::json::array rules;
   for (const auto &rule : k_rules) {
      rules.push_back(rule_json(rule.id, rule.name, rule.description));
   }
   for (std::size_t i = 0; with_claude && i < k_claude_categories.size(); ++i) {
      const std::string category(k_claude_categories[i]);
      rules.push_back(rule_json("claude-" + category, "ClaudeReview/" + category,
                                "Claude's review found a " + category + " issue."));
   }
   if (with_claude)
      rules.push_back(rule_json("claude-refactoring", "ClaudeReview/refactoring",
                                "Claude suggests a refactoring (advice, never the gate)."));
   return rules;
}

std::size_t claude_rule_index(const std::string &category) {
   for (std::size_t i = 0; i < k_claude_categories.size(); ++i) {
      if (k_claude_categories[i] == category) {
         return k_rules.size() + i;
      }
   }
   return k_rules.size() + 4; // maintainability: the schema allows no other category
}

std::size_t rule_index(std::string_view id) {
   for (std::size_t i = 0; i < k_rules.size(); ++i) {
      if (k_rules[i].id == id) {
         return i;
      }
   }
   return 0;
}

// A relative path with forward slashes, as code scanning expects for repository files.
std::string uri_of(std::string path) {
   for (char &c : path) {
      c = c == '\\' ? '/' : c;
   }
   while (path.rfind("./", 0) == 0) {
      path.erase(0, 2);
   }
   return path;
}

boost::json::object result_json(const ResultViolation &violation) {
   const std::string &rule = violation.rule;
   const boost::json::object region{{"startLine", std::max<std::int64_t>(violation.line, 1)}};
   const boost::json::object physical{
       {"artifactLocation", boost::json::object{{"uri", uri_of(violation.file)}}},
       {"region", region}};
   return boost::json::object{
       {"ruleId", rule},
       {"ruleIndex", rule_index(rule)},
       {"level", violation.severity == "error" ? "error" : "warning"},
       {"message", boost::json::object{{"text", violation.message}}},
       {"locations", boost::json::array{boost::json::object{{"physicalLocation", physical}}}}};
}

// startLine, and endLine when the finding spans lines (its checked `end_line`).
boost::json::object region(std::int64_t line, std::int64_t end_line) {
   boost::json::object out{{"startLine", line}};
   if (end_line > line)
      out["endLine"] = end_line;
   return out;
}

boost::json::array locations(const std::string &file, std::int64_t line, std::int64_t end_line) {
   const boost::json::object physical{
       {"artifactLocation", boost::json::object{{"uri", uri_of(file)}}},
       {"region", region(line, end_line)}};
   return boost::json::array{boost::json::object{{"physicalLocation", physical}}};
}

// The region a fix replaces: whole lines. A deletion takes the lines' ends with it (up to the
// start of the next line) unless the file ends there.
boost::json::object deleted_region(const ClaudeFix &fix, const std::string &content) {
   const bool deletion = fix.replacement.empty();
   const bool last_line_of_file =
       fix_diff_lines(content, {fix.end_line + 1, fix.end_line + 1, ""}).empty();
   if (deletion && !last_line_of_file)
      return {{"startLine", fix.line},
              {"startColumn", 1},
              {"endLine", fix.end_line + 1},
              {"endColumn", 1}};
   return {{"startLine", fix.line}, {"endLine", fix.end_line}};
}

// SARIF `fixes` for a finding whose fix fits its file: one artifactChange, one replacement.
boost::json::array fixes_json(const ClaudeFinding &finding,
                              const std::map<std::string, std::string> &contents) {
   const auto content = contents.find(finding.file);
   if (!finding.fix || content == contents.end() ||
       fix_diff_lines(content->second, *finding.fix).empty())
      return {};
   std::string inserted = finding.fix->replacement;
   if (!inserted.empty() && inserted.back() == '\n')
      inserted.pop_back(); // the region ends before the last line's newline, which stays
   const boost::json::object replacement{
       {"deletedRegion", deleted_region(*finding.fix, content->second)},
       {"insertedContent", boost::json::object{{"text", inserted}}}};
   const boost::json::object change{
       {"artifactLocation", boost::json::object{{"uri", uri_of(finding.file)}}},
       {"replacements", boost::json::array{replacement}}};
   return boost::json::array{
       boost::json::object{{"description", boost::json::object{{"text", finding.message}}},
                           {"artifactChanges", boost::json::array{change}}}};
}

boost::json::object claude_result_json(const ClaudeFinding &finding,
                                       const std::map<std::string, std::string> &contents) {
   const std::size_t index = claude_rule_index(finding.category);
   const std::string category(k_claude_categories[index - k_rules.size()]);
   std::string text = finding.message;
   if (!finding.suggestion.empty()) {
      text += " Suggestion: " + finding.suggestion;
   }
   boost::json::object result{
       {"ruleId", "claude-" + category},
       {"ruleIndex", index},
       {"level", sarif_level(finding.severity)},
       {"message", boost::json::object{{"text", text}}},
       {"locations", locations(finding.file, finding.line, finding.end_line)},
       {"properties", boost::json::object{{"source", "claude"},
                                          {"severity", finding.severity},
                                          {"function", finding.function},
                                          {"confidence", finding.confidence},
                                          {"failsGate", finding.trips_gate}}}};
   boost::json::array fixes = fixes_json(finding, contents);
   if (!fixes.empty())
      result["fixes"] = std::move(fixes);
   return result;
}

boost::json::object refactoring_result_json(const ClaudeRefactoring &refactoring) {
   std::string text = refactoring.title;
   if (!refactoring.description.empty())
      text += ": " + refactoring.description;
   return boost::json::object{
       {"ruleId", "claude-refactoring"},
       {"ruleIndex", k_rules.size() + k_claude_categories.size()},
       {"level", "note"},
       {"message", boost::json::object{{"text", text}}},
       {"locations", locations(refactoring.file, refactoring.line, refactoring.end_line)},
       {"properties", boost::json::object{{"source", "claude"}, {"effort", refactoring.effort}}}};
}

boost::json::object run_properties(const Report &report) {
   const Gate gate = gate_of(report);
   boost::json::object properties{{"gateProfile", report.profile},
                                  {"gatePassed", gate.passed},
                                  {"gateScope", gate.changed_lines_only ? "changed-lines" : "all"},
                                  {"violationsNotCounted", gate.not_counted},
                                  {"claudeFindingsFailingGate", gate.claude_findings}};
   if (report.options.change)
      properties["changeBase"] = report.options.change->base;
   return properties;
}

} // namespace

std::string render_sarif(const Report &report, const std::map<std::string, std::string> &contents) {
   boost::json::array results;
   for (const ResultViolation *violation : report.violations) {
      results.push_back(result_json(*violation));
   }
   for (const auto &finding : report.claude.findings) {
      results.push_back(claude_result_json(finding, contents));
   }
   for (const auto &refactoring : report.claude.refactorings) {
      results.push_back(refactoring_result_json(refactoring));
   }
   const boost::json::object driver{
       {"name", "pmat-claude"},
       {"informationUri", "https://github.com/paiml/paiml-mcp-agent-toolkit"},
       {"rules",
        rules_json(!report.claude.findings.empty() || !report.claude.refactorings.empty())}};
   const boost::json::object run{{"tool", boost::json::object{{"driver", driver}}},
                                 {"results", std::move(results)},
                                 {"properties", run_properties(report)}};
   const boost::json::object root{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                                  {"version", "2.1.0"},
                                  {"runs", boost::json::array{run}}};
   return boost::json::serialize(root) + "\n";
}

} // namespace pmat::report::detail
