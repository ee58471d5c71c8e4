// SPDX-License-Identifier: MIT
#include <pmat/native/analysis.hpp>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <array>

// Each object reserves its member count first: boost::json::object grows by reallocating, which
// was most of the cost of building a result (callgrind: 550 instructions per member before).

namespace pmat::native {
namespace {

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N> &names, Enum value) {
   const auto index = static_cast<std::size_t>(value);
   return index < N ? names[index] : std::string_view{"unknown"};
}

boost::json::object function_json(const FunctionInfo &function) {
   boost::json::object metrics;
   metrics.reserve(4);
   metrics["cyclomatic"] = function.metrics.cyclomatic;
   metrics["cognitive"] = function.metrics.cognitive;
   metrics["nesting_max"] = function.metrics.nesting_max;
   metrics["lines"] = function.metrics.lines;
   boost::json::object out;
   out.reserve(4);
   out["name"] = function.name;
   out["line_start"] = function.line_start;
   out["line_end"] = function.line_end;
   out["metrics"] = std::move(metrics);
   return out;
}

boost::json::object satd_json(const SatdItem &item) {
   boost::json::object out;
   out.reserve(6);
   out["marker"] = item.marker;
   out["line"] = item.line;
   out["column"] = item.column;
   out["category"] = satd_category_name(item.category);
   out["severity"] = satd_severity_name(item.severity);
   out["text"] = item.text;
   return out;
}

boost::json::object violation_json(const Violation &violation, const std::string &file) {
   boost::json::object out;
   out.reserve(8);
   out["severity"] = violation_severity_name(violation.severity);
   out["rule"] = gate_rule_name(violation.rule);
   out["message"] = violation.message;
   out["value"] = violation.value;
   out["threshold"] = violation.threshold;
   out["file"] = file;
   out["line"] = violation.line;
   if (!violation.function.empty()) {
      out["function"] = violation.function;
   }
   return out;
}

template <typename Items, typename Convert>
boost::json::array array_of(const Items &items, Convert convert) {
   boost::json::array out;
   out.reserve(items.size());
   for (const auto &item : items) {
      out.emplace_back(convert(item));
   }
   return out;
}

} // namespace

std::string_view satd_category_name(SatdCategory category) {
   static constexpr std::array<std::string_view, 6> k_names{"Design", "Defect",      "Requirement",
                                                            "Test",   "Performance", "Security"};
   return name_of(k_names, category);
}

std::string_view satd_severity_name(SatdSeverity severity) {
   static constexpr std::array<std::string_view, 4> k_names{"Low", "Medium", "High", "Critical"};
   return name_of(k_names, severity);
}

std::string_view violation_severity_name(ViolationSeverity severity) {
   return severity == ViolationSeverity::Error ? "error" : "warning";
}

std::string_view gate_rule_name(GateRule rule) {
   static constexpr std::array<std::string_view, 3> k_names{"satd", "cyclomatic-complexity",
                                                            "cognitive-complexity"};
   return name_of(k_names, rule);
}

boost::json::object to_json(const FileAnalysis &analysis) {
   boost::json::object out;
   out.reserve(14);
   out["path"] = analysis.path;
   out["language"] = language_name(analysis.language);
   out["skipped"] = analysis.skipped;
   if (analysis.skipped) {
      out["skip_reason"] = analysis.skip_reason;
   }
   out["bytes"] = analysis.bytes;
   out["lines"] = analysis.lines;
   out["functions"] = array_of(analysis.functions, function_json);
   out["satd"] = array_of(analysis.satd, satd_json);
   out["total_complexity"] = analysis.total_complexity;
   out["violations"] = array_of(analysis.violations, [&](const Violation &violation) {
      return violation_json(violation, analysis.path);
   });
   out["truncated"] = analysis.truncated;
   out["functions_total"] = analysis.functions_total;
   out["satd_total"] = analysis.satd_total;
   return out;
}

} // namespace pmat::native
