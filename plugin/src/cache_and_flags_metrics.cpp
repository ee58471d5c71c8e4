// SPDX-License-Identifier: MIT
// The cache's and the flags' numbers in the plugin's registry (docs/cache.md, docs/flags.md).
// Label values are fixed here: tiers, outcomes and decision reasons, never request data.
#include "runtime.hpp"

#include <pmat/flags/decision.hpp>

namespace pmat::plugin {
namespace {

constexpr pmat::flags::Reason k_reasons[] = {
    pmat::flags::Reason::KillSwitch,     pmat::flags::Reason::RollbackLatched,
    pmat::flags::Reason::ExplicitNative, pmat::flags::Reason::ExplicitClaude,
    pmat::flags::Reason::Disabled,       pmat::flags::Reason::Allowlist,
    pmat::flags::Reason::NotAllowlisted, pmat::flags::Reason::SplitIn,
    pmat::flags::Reason::SplitOut,       pmat::flags::Reason::FullRollout,
    pmat::flags::Reason::Error};

} // namespace

void Runtime::register_cache_metrics() {
   auto *cache = cache_.get();
   const auto stat = [cache](auto field) {
      return [cache, field]() -> std::uint64_t { return cache ? cache->stats().*field : 0; };
   };
   using S = pmat::cache::CacheStats;
   const std::string lookups = "pmat_claude_cache_lookups_total";
   const std::string help = "Cache lookups by tier and outcome (upstream's hit-rate counters).";
   registry_.counter_fn(lookups, help, {{"tier", "l1"}, {"outcome", "hit"}}, stat(&S::l1_hits));
   registry_.counter_fn(lookups, help, {{"tier", "l1"}, {"outcome", "miss"}}, stat(&S::l1_misses));
   registry_.counter_fn(lookups, help, {{"tier", "l2"}, {"outcome", "hit"}}, stat(&S::l2_hits));
   registry_.counter_fn(lookups, help, {{"tier", "l2"}, {"outcome", "miss"}}, stat(&S::l2_misses));
   registry_.counter_fn("pmat_claude_cache_loads_total", "Results computed after a miss.", {},
                        stat(&S::loads));
   registry_.counter_fn("pmat_claude_cache_shared_total",
                        "Callers served by a concurrent caller's computation (single-flight).", {},
                        stat(&S::shared_results));
   registry_.counter_fn("pmat_claude_cache_evictions_total", "L1 entries evicted for space.", {},
                        stat(&S::l1_evictions));
   registry_.gauge(
       "pmat_claude_cache_entries", "Entries in the in-process tier.", {{"tier", "l1"}},
       [cache] { return cache ? static_cast<double>(cache->stats().l1_entries) : 0.0; });
   registry_.gauge("pmat_claude_cache_bytes", "Bytes in the in-process tier.", {{"tier", "l1"}},
                   [cache] { return cache ? static_cast<double>(cache->stats().l1_bytes) : 0.0; });
   registry_.gauge("pmat_claude_cache_hit_ratio",
                   "Upstream's effective hit rate: (L1 + L2 hits) / lookups.", {},
                   [cache] { return cache ? cache->stats().effective_hit_rate() : 0.0; });
   register_store_metrics();
}

// One set of series per configured L2 store ("disk", "redis"): an operator sees a Redis outage
// as redis' availability at 0 and its skipped operations, while requests keep succeeding.
void Runtime::register_store_metrics() {
   auto *cache = cache_.get();
   if (cache == nullptr)
      return;
   const auto stores = cache->stats().l2;
   for (std::size_t index = 0; index < stores.size(); ++index) {
      const std::string &store = stores[index].first;
      const auto stat = [cache, index](std::uint64_t pmat::cache::L2Stats::*field) {
         return [cache, index, field]() -> std::uint64_t {
            const auto l2 = cache->stats().l2;
            return index < l2.size() ? l2[index].second.*field : 0;
         };
      };
      using S = pmat::cache::L2Stats;
      const std::string lookups = "pmat_claude_cache_store_lookups_total";
      const std::string lookups_help = "Second-tier lookups by store and outcome.";
      registry_.counter_fn(lookups, lookups_help, {{"store", store}, {"outcome", "hit"}},
                           stat(&S::hits));
      registry_.counter_fn(lookups, lookups_help, {{"store", store}, {"outcome", "miss"}},
                           stat(&S::misses));
      const std::string writes = "pmat_claude_cache_store_writes_total";
      const std::string writes_help = "Second-tier writes by store and outcome.";
      registry_.counter_fn(writes, writes_help, {{"store", store}, {"outcome", "ok"}},
                           stat(&S::writes));
      registry_.counter_fn(writes, writes_help, {{"store", store}, {"outcome", "failed"}},
                           stat(&S::write_failures));
      registry_.counter_fn("pmat_claude_cache_store_corrupt_total",
                           "Entries that failed verification (deleted, counted as misses).",
                           {{"store", store}}, stat(&S::corrupt));
      registry_.counter_fn("pmat_claude_cache_store_evictions_total",
                           "Entries removed to respect the store's size bound.", {{"store", store}},
                           stat(&S::evictions));
      registry_.counter_fn("pmat_claude_cache_store_outages_total",
                           "Transitions of a store from available to unavailable.",
                           {{"store", store}}, stat(&S::outages));
      registry_.counter_fn("pmat_claude_cache_store_skipped_total",
                           "Operations skipped while a store was unavailable (backoff).",
                           {{"store", store}}, stat(&S::outage_skips));
      registry_.gauge("pmat_claude_cache_store_available", "1 while the store answers.",
                      {{"store", store}}, [cache, index] {
                         const auto l2 = cache->stats().l2;
                         return index < l2.size() && l2[index].second.available ? 1.0 : 0.0;
                      });
   }
}

void Runtime::register_flag_metrics() {
   const std::string name = "pmat_claude_flag_evaluations_total";
   const std::string help = "Rollout decisions by reason.";
   for (const auto reason : k_reasons) {
      const auto index = static_cast<std::size_t>(reason);
      if (flag_reasons_.size() <= index)
         flag_reasons_.resize(index + 1, nullptr);
      flag_reasons_[index] =
          &registry_.counter(name, help, {{"reason", std::string(pmat::flags::to_string(reason))}});
   }
   auto *store = flags_.get();
   registry_.gauge("pmat_claude_kill_switch", "1 when the operator's kill switch is engaged.", {},
                   [store] { return store->current().kill_switch ? 1.0 : 0.0; });
   registry_.gauge("pmat_claude_rollback_latched", "1 while an auto-rollback keeps Claude off.", {},
                   [store] { return store->rollback_latched() ? 1.0 : 0.0; });
   registry_.gauge("pmat_claude_rollout_percentage", "The percentage strategy's share of callers.",
                   {}, [store] { return static_cast<double>(store->current().percentage); });
   registry_.counter_fn("pmat_claude_rollbacks_total", "Automatic rollbacks (latched).", {},
                        [store] { return store->counters().rollbacks; });
   registry_.gauge("pmat_flags_source_up", "1 while the flags source answers.", {},
                   [store] { return store->source_up() ? 1.0 : 0.0; });
   registry_.gauge("pmat_flags_source_last_update_timestamp_seconds",
                   "Wall-clock time of the last successful read of the flags source.", {}, [store] {
                      return static_cast<double>(store->source_last_update_unix_ms()) / 1e3;
                   });
   registry_.gauge("pmat_flags_source_revision",
                   "Revision of the shared flags document this host applies (0 for a file).", {},
                   [store] { return static_cast<double>(store->source_revision()); });
   registry_.counter_fn("pmat_flags_source_errors_total",
                        "Failed reads of the flags source and refused (malformed) documents.", {},
                        [store] { return store->source_errors(); });
   registry_.counter_fn("pmat_claude_flags_reload_errors_total",
                        "Flags file versions refused as malformed.", {},
                        [store] { return store->counters().reload_errors; });
}

} // namespace pmat::plugin
