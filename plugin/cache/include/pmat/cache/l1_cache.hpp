// SPDX-License-Identifier: MIT
// L1: the in-process tier. Sharded by the key digest (one mutex per shard, so two threads rarely
// meet), bounded by entries and by bytes, TTL from the injected clock, LRU eviction per shard.
// Counters live in the shards and are updated under the shard's lock, so a hit touches no shared
// cache line besides its own shard's.
#pragma once

#include "clock.hpp"
#include "key.hpp"
#include "value.hpp"

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pmat::cache {

struct L1Config {
   std::size_t max_entries = 10'000;
   std::size_t max_bytes = 64u << 20;
   std::size_t shards = 16; // rounded up to a power of two
};

// Bytes charged per entry on top of the payload (node, map slot, control block): the byte bound
// then tracks real memory, not just payload sizes.
inline constexpr std::size_t k_l1_entry_overhead = 192;

struct L1Stats {
   std::uint64_t hits = 0;
   std::uint64_t misses = 0;
   std::uint64_t evictions = 0;   // removed to respect a bound
   std::uint64_t expirations = 0; // found expired on lookup
   std::uint64_t entries = 0;
   std::uint64_t bytes = 0;
};

// Result of importing an exported blob (a hot reload's warm cache).
struct L1ImportReport {
   enum class Status { Ok, Empty, UnknownVersion, Corrupt };
   Status status = Status::Empty;
   std::size_t imported = 0;
};

class L1Cache {
 public:
   L1Cache(L1Config config, NowFn now);
   L1Cache(const L1Cache &) = delete;
   L1Cache &operator=(const L1Cache &) = delete;
   ~L1Cache();

   // Counts a hit or a miss. Null on a miss or an expired entry.
   ValuePtr get(const Key &key);
   // Like get, without touching the counters or the recency order (single-flight re-check).
   ValuePtr peek(const Key &key) const;
   // Stores unless the value's kind may not live under this key's engine (returns false then).
   bool put(const Key &key, ValuePtr value, std::uint64_t ttl_ns);
   // Drops every entry; counters are kept (upstream's rule).
   void clear();
   // Drops the entries under keys of `engine` only (the host's, for pmat.cache/1 clear);
   // returns how many.
   std::size_t clear(Engine engine);
   L1Stats stats() const;

   // Warm-cache hand-off: live entries with their remaining TTL, tagged "pmat.cache.l1/1".
   std::string export_blob() const;
   // Anything but a well-formed blob of a known version imports nothing and leaves the cache as
   // it was: a clean cold start, never a crash.
   L1ImportReport import_blob(std::string_view blob);

   struct Entry {
      Key key;
      ValuePtr value;
      std::uint64_t expires_ns;
      std::size_t charge;
   };

 private:
   struct DigestHash {
      std::size_t operator()(const Digest &d) const noexcept;
   };
   struct alignas(64) Shard {
      mutable std::mutex mu;
      std::list<Entry> lru; // front = most recently used
      std::unordered_map<Digest, std::list<Entry>::iterator, DigestHash> index;
      std::size_t bytes = 0;
      L1Stats counters;
   };

   Shard &shard_for(const Key &key) const noexcept;
   void erase_locked(Shard &s, std::list<Entry>::iterator it);
   void evict_locked(Shard &s);

   NowFn now_;
   std::size_t shard_mask_;
   std::size_t max_entries_per_shard_;
   std::size_t max_bytes_per_shard_;
   std::unique_ptr<Shard[]> shards_;
};

} // namespace pmat::cache
