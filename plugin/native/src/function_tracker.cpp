// SPDX-License-Identifier: MIT
#include "function_tracker.hpp"

#include <pmat/native/analysis.hpp>

#include <algorithm>

namespace pmat::native::detail {
namespace {
const std::string k_no_name;
}

void FunctionTracker::open(std::string name, std::string_view short_name, std::uint32_t line,
                           int nesting) {
   Open entry;
   entry.slot = analysis_.functions.size() < k_max_functions_per_file ? analysis_.functions.size()
                                                                      : std::string::npos;
   entry.name = std::move(name);
   entry.short_name = std::string(short_name);
   entry.base = nesting;
   entry.line_start = line;
   if (entry.slot != std::string::npos) {
      analysis_.functions.emplace_back(); // reserves the slot so functions stay in source order
   } else {
      analysis_.truncated = true;
   }
   ++analysis_.functions_total;
   open_.push_back(std::move(entry));
}

void FunctionTracker::close(std::uint32_t line_end) {
   if (open_.empty()) {
      return;
   }
   Open &entry = open_.back();
   entry.metrics.lines = line_end - std::min(line_end, entry.line_start) + 1;
   analysis_.total_complexity += entry.metrics.cyclomatic;
   if (entry.slot != std::string::npos) {
      FunctionInfo &info = analysis_.functions[entry.slot];
      info.name = std::move(entry.name);
      info.line_start = entry.line_start;
      info.line_end = std::max(line_end, entry.line_start);
      info.metrics = entry.metrics;
   }
   open_.pop_back();
}

void FunctionTracker::close_all(std::uint32_t line_end) {
   while (!open_.empty()) {
      close(line_end);
   }
}

std::string_view FunctionTracker::innermost_short_name() const {
   return open_.empty() ? std::string_view{} : open_.back().short_name;
}

const std::string &FunctionTracker::innermost_name() const {
   return open_.empty() ? k_no_name : open_.back().name;
}

void FunctionTracker::branch(std::uint32_t count) {
   if (!open_.empty()) {
      open_.back().metrics.cyclomatic += count;
   }
}

void FunctionTracker::structural(int nesting) {
   for (Open &entry : open_) {
      entry.metrics.cognitive += 1 + static_cast<std::uint32_t>(std::max(0, nesting - entry.base));
   }
}

void FunctionTracker::fundamental() {
   for (Open &entry : open_) {
      ++entry.metrics.cognitive;
   }
}

void FunctionTracker::nested_body(int nesting) {
   for (Open &entry : open_) {
      const auto depth = static_cast<std::uint32_t>(std::max(0, nesting - entry.base));
      entry.metrics.nesting_max = std::max(entry.metrics.nesting_max, depth);
   }
}

} // namespace pmat::native::detail
