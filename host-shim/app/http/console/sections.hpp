// SPDX-License-Identifier: MIT
// The console's sections, each an HTML fragment built from a ConsoleState. Element ids named here
// are what the browser test and operators' scripts look for; keep them stable.
#pragma once

#include "console_state.hpp"

#include <string>

namespace pmat::serve::console {

// The kill switch, large: #kill-state ("ENGAGED" / "OFF" / "not reported"), #claude-state (what
// that means for requests, and the latch when it holds Claude off), and the #kill-toggle button
// whose data-engage says which way it flips.
std::string kill_switch_banner(const ConsoleState &state);
// Strategy and percentage (#strategy), the rollback latch with its reason (#latch), the flags
// source (#flags-source).
std::string rollout_section(const ConsoleState &state);
// Claude's error ratio (#error-ratio) and p95 latency (#p95) over the rollback window against
// the thresholds, the breaker (#breaker) and the fallback reasons (#fallbacks), in words.
std::string health_section(const ConsoleState &state);
// Analyses per second (#chart-rate) and cost per hour (#chart-cost) over the last hour.
std::string charts_section(const ConsoleState &state);
// The serving generation (#generation) and the shim's reload history (#reload-rows).
std::string reloads_section(const ConsoleState &state);
// The cache (#cache, "hit ratio 20 % (1 hit, 4 misses)") and the worker pool (#pool).
std::string service_section(const ConsoleState &state);
// The fleet: #fleet-note and a row per host (#fleet-rows), hosts on another plugin version
// than most marked "old", hosts behind the shared document's revision marked "lagging".
std::string fleet_section(const ConsoleState &state);

} // namespace pmat::serve::console
