// SPDX-License-Identifier: MIT
#include "object_read.hpp"

#include "json_fields.hpp"

#include <algorithm>

namespace pmat::report::detail {
namespace {

ResultFunction function_of(const boost::json::object &function) {
   const auto *metrics_value = function.if_contains("metrics");
   const boost::json::object empty;
   const auto &metrics =
       metrics_value != nullptr && metrics_value->is_object() ? metrics_value->get_object() : empty;
   return {text_at(function, "name"), number_at(function, "line_start"),
           number_at(function, "line_end"), number_at(metrics, "cyclomatic"),
           number_at(metrics, "cognitive")};
}

ResultViolation violation_of(const boost::json::object &violation) {
   return {text_at(violation, "severity"),    text_at(violation, "rule"),
           text_at(violation, "message"),     number_at(violation, "value"),
           number_at(violation, "threshold"), text_at(violation, "file"),
           number_at(violation, "line"),      text_at(violation, "function")};
}

// `end_line`, never before `line`; `line` when missing.
std::int64_t end_line_at(const boost::json::object &object, std::int64_t line) {
   return std::max(line, number_at(object, "end_line"));
}

double double_at(const boost::json::object &object, std::string_view key, double fallback) {
   const auto *value = object.if_contains(key);
   return value != nullptr && value->is_number() ? value->to_number<double>() : fallback;
}

std::optional<ClaudeFix> fix_at(const boost::json::object &finding) {
   const auto *value = finding.if_contains("fix");
   if (value == nullptr || !value->is_object())
      return std::nullopt;
   const auto &fix = value->get_object();
   const auto *replacement = fix.if_contains("replacement");
   if (replacement == nullptr || !replacement->is_string())
      return std::nullopt;
   const std::int64_t line = line_at(fix);
   return ClaudeFix{line, end_line_at(fix, line), std::string(replacement->get_string())};
}

ClaudeFinding finding_of(const boost::json::object &finding) {
   const std::int64_t line = line_at(finding);
   return {{},
           text_at(finding, "function"),
           line,
           end_line_at(finding, line),
           text_at(finding, "severity"),
           text_at(finding, "category"),
           text_at(finding, "message"),
           text_at(finding, "suggestion"),
           double_at(finding, "confidence", 1.0),
           fix_at(finding),
           false};
}

ClaudeRefactoring refactoring_of(const boost::json::object &refactoring) {
   const std::int64_t line = line_at(refactoring);
   return {{},
           line,
           end_line_at(refactoring, line),
           text_at(refactoring, "effort"),
           text_at(refactoring, "title"),
           text_at(refactoring, "description")};
}

ClaudeUsage usage_of(const boost::json::object &claude) {
   ClaudeUsage usage;
   const auto *value = claude.if_contains("usage");
   if (value != nullptr && value->is_object()) {
      const auto &object = value->get_object();
      usage.input_tokens = number_at(object, "input_tokens");
      usage.output_tokens = number_at(object, "output_tokens");
      usage.cache_read_input_tokens = number_at(object, "cache_read_input_tokens");
      usage.cache_creation_input_tokens = number_at(object, "cache_creation_input_tokens");
   }
   usage.cost_usd = double_at(claude, "cost_usd", 0);
   return usage;
}

ClaudeAnswer claude_of(const boost::json::object &claude) {
   ClaudeAnswer answer;
   answer.risk = text_at(claude, "risk");
   answer.summary = text_at(claude, "summary");
   answer.usage = usage_of(claude);
   answer.dropped_findings = number_at(claude, "dropped_findings");
   answer.dropped_duplicates = number_at(claude, "dropped_duplicates");
   answer.dropped_outside_change = number_at(claude, "dropped_outside_change");
   answer.dropped_fixes = number_at(claude, "dropped_fixes");
   for_each_object_in(claude, "findings", [&](const boost::json::object &finding) {
      answer.findings.push_back(finding_of(finding));
   });
   for_each_object_in(claude, "refactorings", [&](const boost::json::object &refactoring) {
      answer.refactorings.push_back(refactoring_of(refactoring));
   });
   return answer;
}

// The native analyzer's part: functions, SATD, violations, and whether the result is usable.
void read_native(FileResult &out, const boost::json::object &object) {
   out.well_formed = array_at(object, "functions") != nullptr;
   if (object.contains("path"))
      out.path = text_at(object, "path");
   const auto *skipped = object.if_contains("skipped");
   out.skipped = skipped != nullptr && skipped->is_bool() && skipped->get_bool();
   for_each_object_in(object, "functions", [&](const boost::json::object &function) {
      out.functions.push_back(function_of(function));
   });
   for_each_object_in(object, "satd", [&](const boost::json::object &item) {
      out.satd_severities.push_back(text_at(item, "severity"));
   });
   for_each_object_in(object, "violations", [&](const boost::json::object &violation) {
      out.violations.push_back(violation_of(violation));
   });
}

} // namespace

FileResult read_object(const boost::json::object &object) {
   FileResult out;
   read_native(out, object);
   out.engine = text_at(object, "engine");
   out.fallback_reason = text_at(object, "fallback_reason");
   const auto *claude = object.if_contains("claude");
   if (claude != nullptr && claude->is_object())
      out.claude = claude_of(claude->get_object());
   return out;
}

} // namespace pmat::report::detail
