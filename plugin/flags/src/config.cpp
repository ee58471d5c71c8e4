// SPDX-License-Identifier: MIT
#include <pmat/flags/config.hpp>

#include <algorithm>

namespace pmat::flags {

std::string_view to_string(Strategy s) noexcept {
   switch (s) {
   case Strategy::Disabled: return "disabled";
   case Strategy::Allowlist: return "allowlist";
   case Strategy::Percentage: return "percentage";
   case Strategy::FullRollout: return "full_rollout";
   }
   return "disabled";
}

void FlagsConfig::normalize() {
   percentage = std::clamp(percentage, 0, 100);
   std::sort(allowlist.begin(), allowlist.end());
   allowlist.erase(std::unique(allowlist.begin(), allowlist.end()), allowlist.end());
}

bool FlagsConfig::allowlisted(std::string_view caller_id) const noexcept {
   if (allowlist.empty() || caller_id.empty())
      return false;
   const auto it = std::lower_bound(allowlist.begin(), allowlist.end(), caller_id,
                                    [](const std::string &a, std::string_view b) { return a < b; });
   return it != allowlist.end() && *it == caller_id;
}

} // namespace pmat::flags
