// SPDX-License-Identifier: MIT
#include <pmat/flags/bucket.hpp>
#include <pmat/flags/decision.hpp>

#include <array>
#include <cstddef>

namespace pmat::flags {
namespace {

Decision by_strategy(const FlagsConfig &c, std::string_view caller) noexcept {
   switch (c.strategy) {
   case Strategy::Disabled: return {false, Reason::Disabled};
   case Strategy::FullRollout: return {true, Reason::FullRollout};
   case Strategy::Allowlist:
      return c.allowlisted(caller) ? Decision{true, Reason::Allowlist}
                                   : Decision{false, Reason::NotAllowlisted};
   case Strategy::Percentage:
      if (c.allowlisted(caller))
         return {true, Reason::Allowlist};
      if (caller.empty())
         return {false, Reason::Error}; // Unleash: a missing stickiness id is "off"
      return in_percentage(normalized_value(c.salt, caller), c.percentage)
                 ? Decision{true, Reason::SplitIn}
                 : Decision{false, Reason::SplitOut};
   }
   return {false, Reason::Error};
}

// Indexed by Reason, in the enum's order.
constexpr std::array<std::string_view, 11> k_reason_names{
    "KILL_SWITCH", "ROLLBACK_LATCHED", "EXPLICIT_NATIVE", "EXPLICIT_CLAUDE", "DISABLED",
    "ALLOWLIST",   "NOT_ALLOWLISTED",  "SPLIT_IN",        "SPLIT_OUT",       "FULL_ROLLOUT",
    "ERROR"};
static_assert(static_cast<std::size_t>(Reason::Error) + 1 == k_reason_names.size());

} // namespace

std::string_view to_string(Reason r) noexcept {
   const auto index = static_cast<std::size_t>(r);
   return index < k_reason_names.size() ? k_reason_names[index] : "ERROR";
}

Decision evaluate(const FlagsConfig &config, bool rollback_latched,
                  const EvalContext &context) noexcept {
   if (config.kill_switch)
      return {false, Reason::KillSwitch};
   if (rollback_latched || config.rollback_latched)
      return {false, Reason::RollbackLatched};
   if (context.requested == EngineRequest::Native)
      return {false, Reason::ExplicitNative};
   if (context.requested == EngineRequest::Claude)
      return {true, Reason::ExplicitClaude};
   return by_strategy(config, context.caller_id);
}

} // namespace pmat::flags
