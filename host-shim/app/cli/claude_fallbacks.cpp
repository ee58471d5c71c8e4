// SPDX-License-Identifier: MIT
#include "claude_fallbacks.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace pmat::cli {
namespace {

const std::string &fallback_reason(const report::FileOutcome &outcome) {
   return outcome.result.fallback_reason;
}

// The most common reason; ties go to the reason that sorts first, so the line is stable.
std::pair<std::string, std::size_t> most_common(const std::map<std::string, std::size_t> &counts) {
   const auto top =
       std::max_element(counts.begin(), counts.end(),
                        [](const auto &a, const auto &b) { return a.second < b.second; });
   return *top;
}

void warn(const std::map<std::string, std::size_t> &counts, std::size_t total, std::ostream &err) {
   const auto [reason, count] = most_common(counts);
   err << "pmat-host: warning: " << total << " file" << (total == 1 ? "" : "s")
       << " wanted Claude but got the native result; most common reason: " << reason << " ("
       << count << ")\n";
}

} // namespace

std::size_t report_claude_fallbacks(const std::vector<report::FileOutcome> &outcomes, bool required,
                                    bool per_file, std::ostream &err) {
   std::map<std::string, std::size_t> counts;
   std::size_t total = 0;
   for (const auto &outcome : outcomes) {
      const std::string reason = fallback_reason(outcome);
      if (reason.empty())
         continue;
      ++counts[reason];
      ++total;
      if (required && per_file)
         err << "pmat-host: " << outcome.path << ": Claude required, native answered: " << reason
             << "\n";
   }
   if (total == 0)
      return 0;
   if (required)
      err << "pmat-host: Claude required: " << total << " file" << (total == 1 ? "" : "s")
          << " got the native result (exit 5)\n";
   else
      warn(counts, total, err);
   return total;
}

} // namespace pmat::cli
