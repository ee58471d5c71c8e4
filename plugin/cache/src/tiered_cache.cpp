// SPDX-License-Identifier: MIT
#include <pmat/cache/tiered_cache.hpp>

#include <exception>

namespace pmat::cache {
namespace {

LoadResult call_loader(const TieredCache::Loader &loader) noexcept {
   try {
      return loader();
   } catch (const std::exception &e) {
      return LoadResult::error("exception", e.what());
   } catch (...) {
      return LoadResult::error("exception", "unknown exception");
   }
}

} // namespace

TieredCache::TieredCache(TieredConfig config, NowFn now, std::vector<std::unique_ptr<L2Store>> l2)
    : config_(config), l1_(config.l1, std::move(now)), l2_(std::move(l2)) {}

TieredCache::~TieredCache() = default;

std::uint64_t TieredCache::ttl_for(Kind kind, bool l1) const noexcept {
   if (kind == Kind::Negative)
      return config_.ttl.negative_ns;
   return l1 ? config_.ttl.l1_ns : config_.ttl.l2_ns;
}

bool TieredCache::persisted(const Key &key) const noexcept {
   return key.engine() == Engine::Claude ||
          (key.engine() == Engine::Native && config_.persist_native);
}

ValuePtr TieredCache::from_l2(const Key &key) {
   for (std::size_t i = 0; i < l2_.size(); ++i) {
      ValuePtr v = l2_[i]->get(key);
      if (!v)
         continue;
      for (std::size_t j = 0; j < i; ++j) // e.g. a Redis hit warms the local disk tier
         l2_[j]->put(key, *v, ttl_for(v->kind, false));
      return v;
   }
   return nullptr;
}

void TieredCache::store(const Key &key, const ValuePtr &value) {
   l1_.put(key, value, ttl_for(value->kind, true));
   if (!persisted(key))
      return;
   for (auto &s : l2_)
      s->put(key, *value, ttl_for(value->kind, false));
}

LoadResult TieredCache::fill(const Key &key, const Loader &loader, Source &source) {
   if (ValuePtr v = l1_.peek(key)) {
      source = Source::L1; // a run for this key finished between our L1 miss and now
      return LoadResult::from(std::move(v));
   }
   if (persisted(key)) { // keys that never reach L2 count as neither L2 hits nor misses
      if (ValuePtr v = from_l2(key)) {
         l2_hits_.fetch_add(1, std::memory_order_relaxed);
         l1_.put(key, v, ttl_for(v->kind, true));
         source = Source::L2;
         return LoadResult::from(std::move(v));
      }
      l2_misses_.fetch_add(1, std::memory_order_relaxed);
   }
   loads_.fetch_add(1, std::memory_order_relaxed);
   source = Source::Loaded;
   LoadResult r = call_loader(loader);
   if (!r.ok()) {
      load_errors_.fetch_add(1, std::memory_order_relaxed);
      return r;
   }
   if (storable(key.engine(), r.value()->kind))
      store(key, r.value()); // before the flight ends, so no later caller reloads
   else
      uncached_.fetch_add(1, std::memory_order_relaxed);
   return r;
}

Lookup TieredCache::get_or_load(const Key &key, const Loader &loader) {
   if (ValuePtr v = l1_.get(key))
      return Lookup{LoadResult::from(std::move(v)), Source::L1};
   Source source = Source::Loaded;
   auto outcome = flights_.run(key.digest(), [&] { return fill(key, loader, source); });
   if (!outcome.leader) {
      shared_.fetch_add(1, std::memory_order_relaxed);
      source = Source::Shared;
   }
   return Lookup{std::move(outcome.result), source};
}

void TieredCache::clear() {
   l1_.clear();
   for (auto &s : l2_)
      s->clear();
}

CacheStats TieredCache::stats() const {
   CacheStats s;
   const L1Stats l1 = l1_.stats();
   s.l1_hits = l1.hits;
   s.l1_misses = l1.misses;
   s.l1_entries = l1.entries;
   s.l1_bytes = l1.bytes;
   s.l1_evictions = l1.evictions;
   s.l1_expirations = l1.expirations;
   s.l2_hits = l2_hits_.load(std::memory_order_relaxed);
   s.l2_misses = l2_misses_.load(std::memory_order_relaxed);
   s.loads = loads_.load(std::memory_order_relaxed);
   s.load_errors = load_errors_.load(std::memory_order_relaxed);
   s.shared_results = shared_.load(std::memory_order_relaxed);
   s.uncached_fallbacks = uncached_.load(std::memory_order_relaxed);
   for (const auto &store : l2_)
      s.l2.emplace_back(store->name(), store->stats());
   return s;
}

} // namespace pmat::cache
