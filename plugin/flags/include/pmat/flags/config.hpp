// SPDX-License-Identifier: MIT
// The flags configuration: what docs/flags.md's JSON file holds, after environment overrides.
// Immutable once published (FlagStore hands out const snapshots).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::flags {

enum class Strategy { Disabled, Allowlist, Percentage, FullRollout };

std::string_view to_string(Strategy s) noexcept;

struct RollbackPolicy {
   bool enabled = true;
   std::uint64_t window_ms = 30'000;
   double max_error_ratio = 0.05;    // breach when errors / requests > this
   std::uint32_t p95_latency_ms = 0; // breach when p95 > this; 0 = limits.max_latency_ms
   std::uint32_t consecutive_windows = 3;
   std::uint32_t min_requests = 20; // windows with fewer requests are "no data"
};

struct FlagsConfig {
   // The operator's emergency stop: true means Claude is off (only the native engine runs),
   // whatever the strategy and even for an explicit `--engine claude`.
   bool kill_switch = false;
   Strategy strategy = Strategy::Disabled;
   int percentage = 0;                  // clamped to 0..100
   std::string salt = "pmat.claude";    // bucketing salt; change it to reshuffle callers
   std::vector<std::string> allowlist;  // sorted and unique (normalize() does it)
   std::uint32_t max_latency_ms = 5000; // upstream's default
   std::uint32_t pool_size = 4;
   RollbackPolicy rollback;
   // Set by the auto-rollback (or an operator); cleared only by an operator.
   bool rollback_latched = false;
   std::string rollback_reason;

   // Clamps the percentage and sorts/deduplicates the allowlist.
   void normalize();
   bool allowlisted(std::string_view caller_id) const noexcept;
   std::uint32_t p95_threshold_ms() const noexcept {
      return rollback.p95_latency_ms ? rollback.p95_latency_ms : max_latency_ms;
   }
};

} // namespace pmat::flags
