// SPDX-License-Identifier: MIT
// A validator for the Prometheus text exposition format 0.0.4 and the OpenMetrics 1.0 text
// format, with the subset of `promtool check metrics` lint rules that PMAT-ABI-070 implies:
// HELP on every family, counters named *_total, snake_case names.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::conformance {

enum class ExpositionFormat { Prometheus004, OpenMetrics100 };

struct ExpositionProblem {
   std::size_t line = 0; // 1-based; 0 for whole-document problems
   std::string message;
};

std::vector<ExpositionProblem> check_exposition(std::string_view text, ExpositionFormat format);

} // namespace pmat::conformance
