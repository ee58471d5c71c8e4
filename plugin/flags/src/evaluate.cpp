#include <pmat/flags/bucket.hpp>
#include <pmat/flags/decision.hpp>

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

} // namespace

std::string_view to_string(Reason r) noexcept {
   switch (r) {
   case Reason::KillSwitch: return "KILL_SWITCH";
   case Reason::RollbackLatched: return "ROLLBACK_LATCHED";
   case Reason::ExplicitNative: return "EXPLICIT_NATIVE";
   case Reason::ExplicitClaude: return "EXPLICIT_CLAUDE";
   case Reason::Disabled: return "DISABLED";
   case Reason::Allowlist: return "ALLOWLIST";
   case Reason::NotAllowlisted: return "NOT_ALLOWLISTED";
   case Reason::SplitIn: return "SPLIT_IN";
   case Reason::SplitOut: return "SPLIT_OUT";
   case Reason::FullRollout: return "FULL_ROLLOUT";
   case Reason::Error: return "ERROR";
   }
   return "ERROR";
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
