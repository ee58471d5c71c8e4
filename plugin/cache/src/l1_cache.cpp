// SPDX-License-Identifier: MIT
#include <pmat/cache/l1_cache.hpp>

#include <bit>
#include <cstring>

namespace pmat::cache {

std::size_t L1Cache::DigestHash::operator()(const Digest &d) const noexcept {
   std::uint64_t h;
   std::memcpy(&h, d.data(), sizeof h);
   return static_cast<std::size_t>(h);
}

L1Cache::L1Cache(L1Config config, NowFn now)
    : now_(std::move(now)),
      shard_mask_(std::bit_ceil(config.shards == 0 ? std::size_t{1} : config.shards) - 1),
      max_entries_per_shard_(std::max<std::size_t>(1, config.max_entries / (shard_mask_ + 1))),
      max_bytes_per_shard_(std::max<std::size_t>(1, config.max_bytes / (shard_mask_ + 1))),
      shards_(std::make_unique<Shard[]>(shard_mask_ + 1)) {}

L1Cache::~L1Cache() = default;

L1Cache::Shard &L1Cache::shard_for(const Key &key) const noexcept {
   // Bytes 8..15 of the digest pick the shard; bytes 0..7 hash inside it (independent bits).
   std::uint64_t s;
   std::memcpy(&s, key.digest().data() + 8, sizeof s);
   return shards_[s & shard_mask_];
}

void L1Cache::erase_locked(Shard &s, std::list<Entry>::iterator it) {
   s.bytes -= it->charge;
   s.index.erase(it->key.digest());
   s.lru.erase(it);
}

void L1Cache::evict_locked(Shard &s) {
   while (!s.lru.empty() &&
          (s.lru.size() > max_entries_per_shard_ || s.bytes > max_bytes_per_shard_)) {
      erase_locked(s, std::prev(s.lru.end()));
      ++s.counters.evictions;
   }
}

ValuePtr L1Cache::get(const Key &key) {
   const std::uint64_t now = now_();
   Shard &s = shard_for(key);
   std::lock_guard lock(s.mu);
   const auto found = s.index.find(key.digest());
   if (found == s.index.end()) {
      ++s.counters.misses;
      return nullptr;
   }
   const auto it = found->second;
   if (now > it->expires_ns) { // upstream's rule: expired when now > expires_at
      erase_locked(s, it);
      ++s.counters.expirations;
      ++s.counters.misses;
      return nullptr;
   }
   s.lru.splice(s.lru.begin(), s.lru, it);
   ++s.counters.hits;
   return it->value;
}

ValuePtr L1Cache::peek(const Key &key) const {
   const std::uint64_t now = now_();
   Shard &s = shard_for(key);
   std::lock_guard lock(s.mu);
   const auto found = s.index.find(key.digest());
   if (found == s.index.end() || now > found->second->expires_ns)
      return nullptr;
   return found->second->value;
}

bool L1Cache::put(const Key &key, ValuePtr value, std::uint64_t ttl_ns) {
   if (!value || !storable(key.engine(), value->kind))
      return false;
   const std::uint64_t now = now_();
   const std::uint64_t expires = ttl_ns > UINT64_MAX - now ? UINT64_MAX : now + ttl_ns;
   const std::size_t charge = value->payload.size() + k_l1_entry_overhead;
   Shard &s = shard_for(key);
   std::lock_guard lock(s.mu);
   if (const auto found = s.index.find(key.digest()); found != s.index.end())
      erase_locked(s, found->second);
   if (charge > max_bytes_per_shard_)
      return false; // would evict the whole shard and still not fit
   s.lru.push_front(Entry{key, std::move(value), expires, charge});
   s.index.emplace(key.digest(), s.lru.begin());
   s.bytes += charge;
   evict_locked(s);
   return true;
}

void L1Cache::clear() {
   for (std::size_t i = 0; i <= shard_mask_; ++i) {
      Shard &s = shards_[i];
      std::lock_guard lock(s.mu);
      s.index.clear();
      s.lru.clear();
      s.bytes = 0;
   }
}

std::size_t L1Cache::clear(Engine engine) {
   std::size_t dropped = 0;
   for (std::size_t i = 0; i <= shard_mask_; ++i) {
      Shard &s = shards_[i];
      std::lock_guard lock(s.mu);
      for (auto it = s.lru.begin(); it != s.lru.end();) {
         const auto next = std::next(it);
         if (it->key.engine() == engine) {
            erase_locked(s, it);
            ++dropped;
         }
         it = next;
      }
   }
   return dropped;
}

L1Stats L1Cache::stats() const {
   L1Stats total;
   for (std::size_t i = 0; i <= shard_mask_; ++i) {
      const Shard &s = shards_[i];
      std::lock_guard lock(s.mu);
      total.hits += s.counters.hits;
      total.misses += s.counters.misses;
      total.evictions += s.counters.evictions;
      total.expirations += s.counters.expirations;
      total.entries += s.lru.size();
      total.bytes += s.bytes;
   }
   return total;
}

} // namespace pmat::cache
