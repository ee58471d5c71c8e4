// SPDX-License-Identifier: MIT
// Environment overrides, applied on top of the flags file every time flags are (re)loaded:
//   PMAT_CLAUDE_KILL_SWITCH       1/true/yes/on engages the kill switch (it can only engage it:
//                                 an environment must never silently undo an operator's stop)
//   PMAT_CLAUDE_POOL_SIZE         workers (upstream's CLAUDE_POOL_SIZE accepted), 1..100
//   PMAT_CLAUDE_MAX_LATENCY_MS    latency SLO in ms (upstream's CLAUDE_MAX_LATENCY accepted)
// The PMAT_ name wins when both are set. Invalid values are ignored and reported.
#pragma once

#include "config.hpp"

#include <pmat/common/environment.hpp>

#include <string>
#include <vector>

namespace pmat::flags {

using pmat::common::GetEnvFn;

// Returns one message per ignored (invalid) variable.
std::vector<std::string> apply_env_overrides(FlagsConfig &config, const GetEnvFn &getenv);

} // namespace pmat::flags
