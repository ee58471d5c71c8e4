// SPDX-License-Identifier: MIT
#pragma once
// Typed result of analysing one file. The JSON layer (analyze_file) is a thin view over this, so
// benchmarks and tests can measure the analysis without building JSON.

#include <pmat/native/language.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pmat::native {

struct FunctionMetrics {
   std::uint32_t cyclomatic = 1;
   std::uint32_t cognitive = 0;
   std::uint32_t nesting_max = 0;
   std::uint32_t lines = 0;
};

struct FunctionInfo {
   std::string name; // qualified with class / impl / namespace where the language has one
   std::uint32_t line_start = 0;
   std::uint32_t line_end = 0;
   FunctionMetrics metrics;
};

enum class SatdCategory { Design, Defect, Requirement, Test, Performance, Security };
enum class SatdSeverity { Low, Medium, High, Critical };

struct SatdItem {
   std::string marker; // the word or phrase that matched, as written in the comment
   std::uint32_t line = 0;
   std::uint32_t column = 0; // 1-based byte column of the marker
   SatdCategory category = SatdCategory::Requirement;
   SatdSeverity severity = SatdSeverity::Low;
   std::string text; // the comment line, trimmed
};

enum class ViolationSeverity { Warning, Error };
enum class GateRule { Satd, Cyclomatic, Cognitive };

struct Violation {
   ViolationSeverity severity = ViolationSeverity::Warning;
   GateRule rule = GateRule::Satd;
   std::string message;
   std::uint32_t value = 0;
   std::uint32_t threshold = 0;
   std::uint32_t line = 0;
   std::string function; // empty when the violation is not about a function
};

struct FileAnalysis {
   std::string path;
   Language language = Language::Unknown;
   bool skipped = false;
   std::string skip_reason;
   std::size_t bytes = 0;
   std::uint32_t lines = 0;
   std::vector<FunctionInfo> functions;
   std::vector<SatdItem> satd;
   std::vector<Violation> violations;
   // Set when a per-file item limit was reached (see limits in analysis.hpp); counts stay exact.
   bool truncated = false;
   std::size_t functions_total = 0;
   std::size_t satd_total = 0;
   std::uint64_t total_complexity = 0; // sum of cyclomatic over all functions of the file
};

std::string_view satd_category_name(SatdCategory category);
std::string_view satd_severity_name(SatdSeverity severity);
std::string_view violation_severity_name(ViolationSeverity severity);
std::string_view gate_rule_name(GateRule rule);

} // namespace pmat::native
