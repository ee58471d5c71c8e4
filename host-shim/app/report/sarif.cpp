// SARIF 2.1.0 for GitHub code scanning: one run, the three gate rules, one result per violation
// with a physical location (relative URI and start line); with Claude's review, a rule per
// finding category and one result per finding.
#include "aggregate.hpp"
#include "json_fields.hpp"

#include <boost/json/serialize.hpp>

#include <array>

namespace pmat::report::detail {
namespace {

struct Rule {
   std::string_view id;
   std::string_view name;
   std::string_view description;
};

constexpr std::array<Rule, 3> kRules{{
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
constexpr std::array<std::string_view, 8> kClaudeCategories{
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
   for (const auto &rule : kRules) {
      rules.push_back(rule_json(rule.id, rule.name, rule.description));
   }
   for (std::size_t i = 0; with_claude && i < kClaudeCategories.size(); ++i) {
      const std::string category(kClaudeCategories[i]);
      rules.push_back(rule_json("claude-" + category, "ClaudeReview/" + category,
                                "Claude's review found a " + category + " issue."));
   }
   return rules;
}

std::size_t claude_rule_index(const std::string &category) {
   for (std::size_t i = 0; i < kClaudeCategories.size(); ++i) {
      if (kClaudeCategories[i] == category) {
         return kRules.size() + i;
      }
   }
   return kRules.size() + 4; // maintainability: the schema allows no other category
}

std::size_t rule_index(std::string_view id) {
   for (std::size_t i = 0; i < kRules.size(); ++i) {
      if (kRules[i].id == id) {
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

boost::json::object result_json(const boost::json::object &violation) {
   const std::string rule = text_at(violation, "rule");
   const boost::json::object region{{"startLine", line_at(violation)}};
   const boost::json::object physical{
       {"artifactLocation", boost::json::object{{"uri", uri_of(text_at(violation, "file"))}}},
       {"region", region}};
   return boost::json::object{
       {"ruleId", rule},
       {"ruleIndex", rule_index(rule)},
       {"level", text_at(violation, "severity") == "error" ? "error" : "warning"},
       {"message", boost::json::object{{"text", text_at(violation, "message")}}},
       {"locations", boost::json::array{boost::json::object{{"physicalLocation", physical}}}}};
}

// startLine, and endLine when Claude's finding spans lines (its checked `end_line`).
boost::json::object claude_region(const ClaudeFinding &finding) {
   boost::json::object region{{"startLine", finding.line}};
   if (finding.end_line > finding.line)
      region["endLine"] = finding.end_line;
   return region;
}

boost::json::object claude_result_json(const ClaudeFinding &finding) {
   const std::size_t index = claude_rule_index(finding.category);
   const std::string category(kClaudeCategories[index - kRules.size()]);
   const boost::json::object physical{
       {"artifactLocation", boost::json::object{{"uri", uri_of(finding.file)}}},
       {"region", claude_region(finding)}};
   std::string text = finding.message;
   if (!finding.suggestion.empty()) {
      text += " Suggestion: " + finding.suggestion;
   }
   return boost::json::object{
       {"ruleId", "claude-" + category},
       {"ruleIndex", index},
       {"level", sarif_level(finding.severity)},
       {"message", boost::json::object{{"text", text}}},
       {"locations", boost::json::array{boost::json::object{{"physicalLocation", physical}}}},
       {"properties", boost::json::object{{"source", "claude"},
                                          {"severity", finding.severity},
                                          {"function", finding.function}}}};
}

} // namespace

std::string render_sarif(const Report &report) {
   boost::json::array results;
   for (const auto &violation : report.violations) {
      results.push_back(result_json(violation.get_object()));
   }
   for (const auto &finding : report.claude.findings) {
      results.push_back(claude_result_json(finding));
   }
   const boost::json::object driver{
       {"name", "pmat-claude"},
       {"informationUri", "https://github.com/paiml/paiml-mcp-agent-toolkit"},
       {"rules", rules_json(!report.claude.findings.empty())}};
   const boost::json::object run{
       {"tool", boost::json::object{{"driver", driver}}},
       {"results", std::move(results)},
       {"properties", boost::json::object{{"gateProfile", report.profile}}}};
   const boost::json::object root{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                                  {"version", "2.1.0"},
                                  {"runs", boost::json::array{run}}};
   return boost::json::serialize(root) + "\n";
}

} // namespace pmat::report::detail
