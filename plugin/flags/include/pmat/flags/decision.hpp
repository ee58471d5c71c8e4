// SPDX-License-Identifier: MIT
// The answer to "should this request use Claude?", with the reason (OpenFeature-style: evaluation
// never throws; on any internal problem the answer is native with Reason::Error).
#pragma once

#include "config.hpp"

#include <string_view>

namespace pmat::flags {

enum class Reason {
   KillSwitch,      // operator's emergency stop engaged
   RollbackLatched, // auto-rollback (or operator) latched Claude off
   ExplicitNative,  // the request asked for the native engine
   ExplicitClaude,  // the request asked for Claude
   Disabled,        // strategy disabled
   Allowlist,       // caller is on the allowlist
   NotAllowlisted,  // allowlist strategy, caller not on it
   SplitIn,         // percentage strategy, caller's bucket is in
   SplitOut,        // percentage strategy, caller's bucket is out
   FullRollout,     // strategy full_rollout
   Error,           // could not evaluate (e.g. no caller id under percentage)
};

std::string_view to_string(Reason r) noexcept;

enum class EngineRequest { Auto, Native, Claude };

struct EvalContext {
   std::string_view caller_id;
   EngineRequest requested = EngineRequest::Auto;
};

struct Decision {
   bool use_claude = false;
   Reason reason = Reason::Error;
};

// Pure evaluation of one snapshot. Precedence: kill switch, rollback latch, explicit engine
// request, then the strategy (allowlist checked before the percentage split).
Decision evaluate(const FlagsConfig &config, bool rollback_latched,
                  const EvalContext &context) noexcept;

} // namespace pmat::flags
