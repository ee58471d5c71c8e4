// SPDX-License-Identifier: MIT
// The two-tier cache the request path uses: L1 in process, then the L2 stores in order (disk,
// then Redis), then the loader, with single-flight around everything after an L1 miss.
//
//   get_or_load(key, loader):
//     L1 hit                       -> l1_hits++, return                       (Source::L1)
//     else l1_misses++; single-flight on the key:
//       L1 again (a run that just finished)                                   (Source::L1)
//       first L2 store with the key -> l2_hits++, promote to L1, copy to the
//         (keys of a persisted engine)  earlier L2 stores                    (Source::L2)
//       else l2_misses++, run the loader once for all concurrent callers     (Source::Loaded)
//         error            -> returned to every waiter, never stored
//         value, storable  -> stored in L1, and in every L2 when the key's engine is
//                             persisted (TTL by kind)
//         value of a kind that may not live under the key (a native fallback
//         on the Claude path) -> returned, never stored, counted
//     callers that waited on another's run get its result               (Source::Shared)
#pragma once

#include "clock.hpp"
#include "key.hpp"
#include "l1_cache.hpp"
#include "l2_store.hpp"
#include "single_flight.hpp"
#include "stats.hpp"
#include "value.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace pmat::cache {

struct TtlConfig {
   std::uint64_t l1_ns = 3'600'000'000'000ull;      // 1 h: keys are content-addressed
   std::uint64_t l2_ns = 7 * 86'400'000'000'000ull; // 7 days
   std::uint64_t negative_ns = 60'000'000'000ull;   // 60 s for deterministic negatives
};

struct TieredConfig {
   L1Config l1;
   TtlConfig ttl;
   // Whether native answers (and native negatives) go to the L2 stores. Off by default: the
   // native analyzer recomputes a file in tens of microseconds, less than an L2 write costs and
   // about what an L2 read costs, so L2 would only add work (docs/cache.md, "What goes where").
   // Claude answers always go to L2; host entries never do.
   bool persist_native = false;
};

enum class Source { L1, L2, Loaded, Shared };

struct Lookup {
   LoadResult result;
   Source source;
};

class TieredCache {
 public:
   using Loader = std::function<LoadResult()>;

   // `now`: the host's monotonic now_ns, for L1 TTLs. The L2 stores carry their own clocks.
   TieredCache(TieredConfig config, NowFn now, std::vector<std::unique_ptr<L2Store>> l2 = {});
   ~TieredCache();
   TieredCache(const TieredCache &) = delete;
   TieredCache &operator=(const TieredCache &) = delete;

   // Never throws; a loader's exception becomes LoadError{"exception", ...}.
   Lookup get_or_load(const Key &key, const Loader &loader);

   // Empties L1 and every L2 store; counters are kept (upstream's rule).
   void clear();
   CacheStats stats() const;

   L1Cache &l1() noexcept { return l1_; }
   const TieredConfig &config() const noexcept { return config_; }
   const SingleFlight &flights() const noexcept { return flights_; }

 private:
   LoadResult fill(const Key &key, const Loader &loader, Source &source);
   ValuePtr from_l2(const Key &key);
   void store(const Key &key, const ValuePtr &value);
   std::uint64_t ttl_for(Kind kind, bool l1) const noexcept;
   bool persisted(const Key &key) const noexcept;

   TieredConfig config_;
   L1Cache l1_;
   std::vector<std::unique_ptr<L2Store>> l2_;
   SingleFlight flights_;
   std::atomic<std::uint64_t> l2_hits_{0}, l2_misses_{0}, loads_{0}, load_errors_{0}, shared_{0},
       uncached_{0};
};

} // namespace pmat::cache
