// SPDX-License-Identifier: MIT
// Cache counters and upstream's hit-rate formulas (upstream-facts §6), each 0 when its
// denominator is 0. These are plain getters: the plugin registers them with its metrics registry
// (docs/cache.md "Metrics" has the family names and a registration snippet).
#pragma once

#include "l2_store.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace pmat::cache {

struct CacheStats {
   // Lookups (upstream's four counters).
   std::uint64_t l1_hits = 0;
   std::uint64_t l1_misses = 0;
   std::uint64_t l2_hits = 0;
   std::uint64_t l2_misses = 0;
   // Loader side.
   std::uint64_t loads = 0;              // loader runs
   std::uint64_t load_errors = 0;        // loader runs that failed (never cached)
   std::uint64_t shared_results = 0;     // callers served by another caller's run
   std::uint64_t uncached_fallbacks = 0; // values of a kind that may not live under the key
   // L1 sizes.
   std::uint64_t l1_entries = 0;
   std::uint64_t l1_bytes = 0;
   std::uint64_t l1_evictions = 0;
   std::uint64_t l1_expirations = 0;
   // One row per L2 store, in lookup order ("disk", "redis").
   std::vector<std::pair<std::string, L2Stats>> l2;

   double l1_hit_rate() const noexcept;
   double l2_hit_rate() const noexcept;
   double effective_hit_rate() const noexcept;
};

} // namespace pmat::cache
