// SPDX-License-Identifier: MIT
#include <pmat/native/analysis.hpp>

#include <string>

namespace pmat::native {
namespace {

ViolationSeverity satd_violation_severity(SatdSeverity severity, const GateThresholds &thresholds) {
   if (thresholds.satd_is_error || severity >= SatdSeverity::High) {
      return ViolationSeverity::Error;
   }
   return ViolationSeverity::Warning;
}

Violation satd_violation(const SatdItem &item, const GateThresholds &thresholds) {
   Violation violation;
   violation.severity = satd_violation_severity(item.severity, thresholds);
   violation.rule = GateRule::Satd;
   violation.value = 1;
   violation.threshold = 0;
   violation.line = item.line;
   violation.message = "SATD " + std::string(satd_category_name(item.category)) + " (" +
                       std::string(satd_severity_name(item.severity)) + ") '" + item.marker +
                       "': " + item.text;
   return violation;
}

struct Limits {
   GateRule rule;
   std::string_view label;
   std::uint32_t warn;
   std::uint32_t error;
};

void check_metric(FileAnalysis &analysis, const Limits &limits) {
   for (const FunctionInfo &function : analysis.functions) {
      const std::uint32_t value = limits.rule == GateRule::Cyclomatic ? function.metrics.cyclomatic
                                                                      : function.metrics.cognitive;
      if (value <= limits.warn) {
         continue;
      }
      Violation violation;
      const bool error = value > limits.error;
      violation.severity = error ? ViolationSeverity::Error : ViolationSeverity::Warning;
      violation.rule = limits.rule;
      violation.value = value;
      violation.threshold = error ? limits.error : limits.warn;
      violation.line = function.line_start;
      violation.function = function.name;
      violation.message = std::string(limits.label) + " complexity " + std::to_string(value) +
                          " of '" + function.name + "' exceeds maximum " +
                          std::to_string(violation.threshold);
      analysis.violations.push_back(std::move(violation));
   }
}

} // namespace

bool gate_thresholds(std::string_view profile, GateThresholds &out) {
   if (profile == "default") {
      out = GateThresholds{};
      return true;
   }
   if (profile == "strict") { // upstream's Claude integration gate: 15 / 10 / zero SATD
      out = GateThresholds{15, 15, 10, 10, true};
      return true;
   }
   return false;
}

void apply_gate(FileAnalysis &analysis, const GateThresholds &thresholds) {
   analysis.violations.clear();
   for (const SatdItem &item : analysis.satd) {
      analysis.violations.push_back(satd_violation(item, thresholds));
   }
   check_metric(analysis, {GateRule::Cyclomatic, "Cyclomatic", thresholds.cyclomatic_warn,
                           thresholds.cyclomatic_error});
   check_metric(analysis, {GateRule::Cognitive, "Cognitive", thresholds.cognitive_warn,
                           thresholds.cognitive_error});
}

} // namespace pmat::native
