// SPDX-License-Identifier: MIT
// A second-tier store: the embedded disk store (default) or Redis (shared by a fleet). Every
// operation is best effort and never throws: an L2 that fails is a miss, never a failed request.
#pragma once

#include "key.hpp"
#include "value.hpp"

#include <cstdint>
#include <string>

namespace pmat::cache {

struct L2Stats {
   std::uint64_t hits = 0;
   std::uint64_t misses = 0;
   std::uint64_t writes = 0;
   std::uint64_t write_failures = 0;
   std::uint64_t corrupt = 0;   // entries that failed verification (deleted, counted as misses)
   std::uint64_t evictions = 0; // removed to respect the size bound
   std::uint64_t entries = 0;   // known entries (this process's view for the disk store)
   std::uint64_t bytes = 0;
   std::uint64_t outages = 0;      // transitions from available to unavailable
   std::uint64_t outage_skips = 0; // operations skipped while unavailable (backoff)
   bool available = true;
};

class L2Store {
 public:
   virtual ~L2Store() = default;
   virtual std::string name() const = 0;
   // Null on a miss, an expired entry, a corrupt entry or an unavailable store.
   virtual ValuePtr get(const Key &key) noexcept = 0;
   // Stores for `ttl_ns` (wall time). Values whose kind may not live under the key are ignored.
   virtual void put(const Key &key, const Value &value, std::uint64_t ttl_ns) noexcept = 0;
   virtual void clear() noexcept = 0;
   virtual L2Stats stats() const = 0;
};

} // namespace pmat::cache
