// SPDX-License-Identifier: MIT
#include "memory_l2.hpp"
#include "test_support.hpp"

#include <pmat/cache/tiered_cache.hpp>

#include <boost/test/unit_test.hpp>

#include <stdexcept>

using namespace pmat::cache;
using pmat::cache::test::FakeClock;
using pmat::cache::test::key_for;
using pmat::cache::test::MemoryL2;

namespace {

struct Fixture {
   FakeClock clock;
   MemoryL2 *l2 = nullptr;
   std::unique_ptr<TieredCache> cache;
   int calls = 0;

   Fixture() {
      auto store = std::make_unique<MemoryL2>();
      l2 = store.get();
      std::vector<std::unique_ptr<L2Store>> stores;
      stores.push_back(std::move(store));
      TieredConfig cfg;
      cfg.ttl = {.l1_ns = 1000, .l2_ns = 100000, .negative_ns = 10};
      cache = std::make_unique<TieredCache>(cfg, clock.fn(), std::move(stores));
   }
   TieredCache::Loader answer(Kind kind, std::string payload) {
      return [this, kind, payload] {
         ++calls;
         return LoadResult::answer(kind, payload);
      };
   }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(tiered, Fixture)

BOOST_AUTO_TEST_CASE(miss_load_then_l1_hit_then_l2_hit_after_l1_expiry) {
   const Key k = key_for("a");
   auto r = cache->get_or_load(k, answer(Kind::Claude, "A"));
   BOOST_TEST((r.source == Source::Loaded));
   BOOST_TEST(r.result.value()->payload == "A");
   BOOST_TEST((cache->get_or_load(k, answer(Kind::Claude, "X")).source == Source::L1));
   clock.advance(1001); // L1 TTL over, L2 still valid
   r = cache->get_or_load(k, answer(Kind::Claude, "X"));
   BOOST_TEST((r.source == Source::L2));
   BOOST_TEST(r.result.value()->payload == "A");
   BOOST_TEST((cache->get_or_load(k, answer(Kind::Claude, "X")).source == Source::L1)); // promoted
   BOOST_TEST(calls == 1);

   const CacheStats s = cache->stats();
   BOOST_TEST(s.l1_hits == 2u);
   BOOST_TEST(s.l1_misses == 2u);
   BOOST_TEST(s.l2_hits == 1u);
   BOOST_TEST(s.l2_misses == 1u);
   BOOST_TEST(s.l1_hit_rate() == 0.5);
   BOOST_TEST(s.l2_hit_rate() == 0.5);
   BOOST_TEST(s.effective_hit_rate() == 0.75); // (2 + 1) / (2 + 2)
   BOOST_TEST(s.l1_entries == 1u);
   BOOST_TEST(s.l2.size() == 1u);
   BOOST_TEST(s.l2[0].second.entries == 1u);
}

BOOST_AUTO_TEST_CASE(rates_are_zero_without_lookups) {
   const CacheStats s = cache->stats();
   BOOST_TEST(s.l1_hit_rate() == 0.0);
   BOOST_TEST(s.l2_hit_rate() == 0.0);
   BOOST_TEST(s.effective_hit_rate() == 0.0);
}

BOOST_AUTO_TEST_CASE(errors_are_returned_and_never_cached) {
   const Key k = key_for("a");
   auto r = cache->get_or_load(k, [&] {
      ++calls;
      return LoadResult::error("timeout", "bridge timed out");
   });
   BOOST_TEST(!r.result.ok());
   BOOST_TEST(r.result.error().code == "timeout");
   r = cache->get_or_load(k, [&]() -> LoadResult {
      ++calls;
      throw std::runtime_error("boom");
   });
   BOOST_TEST(r.result.error().code == "exception");
   BOOST_TEST(r.result.error().message == "boom");
   r = cache->get_or_load(k, answer(Kind::Claude, "A"));
   BOOST_TEST((r.source == Source::Loaded));
   BOOST_TEST(calls == 3);
   BOOST_TEST(cache->stats().load_errors == 2u);
   BOOST_TEST(l2->items.size() == 1u);
}

// Upstream cached a failed analysis as an all-zero success; here a native fallback on the Claude
// path reaches the caller but is stored nowhere, so the next request tries Claude again.
BOOST_AUTO_TEST_CASE(native_fallback_is_returned_but_not_stored_under_a_claude_key) {
   const Key k = key_for("a", Engine::Claude);
   auto r = cache->get_or_load(k, answer(Kind::Native, "N"));
   BOOST_TEST(r.result.value()->kind == Kind::Native);
   BOOST_TEST(cache->stats().uncached_fallbacks == 1u);
   BOOST_TEST(l2->items.empty());
   BOOST_TEST((cache->get_or_load(k, answer(Kind::Claude, "C")).source == Source::Loaded));
   BOOST_TEST(calls == 2);
}

BOOST_AUTO_TEST_CASE(negatives_are_cached_with_the_short_ttl) {
   const Key k = key_for("bin");
   cache->get_or_load(k, answer(Kind::Negative, "binary"));
   BOOST_TEST((cache->get_or_load(k, answer(Kind::Negative, "binary")).source == Source::L1));
   clock.advance(11);
   l2->clear(); // MemoryL2 ignores TTLs; the real stores honour them (their own tests)
   BOOST_TEST((cache->get_or_load(k, answer(Kind::Negative, "binary")).source == Source::Loaded));
   BOOST_TEST(calls == 2);
}

// Native answers cost tens of microseconds to recompute: by default they live in L1 only, and
// their lookups leave the L2 counters alone. Claude answers (above) go to L2.
BOOST_AUTO_TEST_CASE(native_answers_stay_out_of_l2_by_default) {
   const Key k = key_for("a", Engine::Native);
   BOOST_TEST((cache->get_or_load(k, answer(Kind::Native, "N")).source == Source::Loaded));
   BOOST_TEST(l2->items.empty());
   BOOST_TEST(l2->stats().misses == 0u); // L2 was not even asked
   BOOST_TEST((cache->get_or_load(k, answer(Kind::Native, "X")).source == Source::L1));
   clock.advance(1001); // L1 expiry: recomputed, since no L2 holds it
   const auto again = cache->get_or_load(k, answer(Kind::Native, "N2"));
   BOOST_TEST((again.source == Source::Loaded));
   BOOST_TEST(again.result.value()->payload == "N2");
   BOOST_TEST(calls == 2);
   const CacheStats s = cache->stats();
   BOOST_TEST(s.l2_hits == 0u);
   BOOST_TEST(s.l2_misses == 0u);
   BOOST_TEST(s.loads == 2u);
}

BOOST_AUTO_TEST_CASE(native_negatives_stay_out_of_l2_by_default) {
   cache->get_or_load(key_for("bin", Engine::Native), answer(Kind::Negative, "binary"));
   BOOST_TEST(l2->items.empty());
}

BOOST_AUTO_TEST_CASE(clear_empties_both_tiers_and_keeps_counters) {
   const Key k = key_for("a");
   cache->get_or_load(k, answer(Kind::Claude, "A"));
   cache->get_or_load(k, answer(Kind::Claude, "A"));
   cache->clear();
   CacheStats s = cache->stats();
   BOOST_TEST(s.l1_entries == 0u);
   BOOST_TEST(l2->items.empty());
   BOOST_TEST(s.l1_hits == 1u);
   BOOST_TEST(s.l1_misses == 1u);
   BOOST_TEST((cache->get_or_load(k, answer(Kind::Claude, "A")).source == Source::Loaded));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(works_without_any_l2) {
   FakeClock clock;
   TieredCache cache({}, clock.fn());
   const Key k = key_for("a");
   cache.get_or_load(k, [] { return LoadResult::answer(Kind::Claude, "A"); });
   BOOST_TEST((cache.get_or_load(k, [] { return LoadResult::answer(Kind::Claude, "B"); }).source ==
               Source::L1));
   BOOST_TEST(cache.stats().l2_misses == 1u);
}

// cache.native_persistent: native answers go to L2 like Claude's and come back from it.
BOOST_AUTO_TEST_CASE(persist_native_stores_native_answers_in_l2) {
   FakeClock clock;
   auto store = std::make_unique<MemoryL2>();
   MemoryL2 *l2 = store.get();
   std::vector<std::unique_ptr<L2Store>> stores;
   stores.push_back(std::move(store));
   TieredConfig cfg;
   cfg.ttl.l1_ns = 1000;
   cfg.persist_native = true;
   TieredCache cache(cfg, clock.fn(), std::move(stores));
   const Key k = key_for("a", Engine::Native);
   cache.get_or_load(k, [] { return LoadResult::answer(Kind::Native, "N"); });
   BOOST_TEST(l2->items.size() == 1u);
   clock.advance(1001);
   const auto hit = cache.get_or_load(k, [] { return LoadResult::answer(Kind::Native, "X"); });
   BOOST_TEST((hit.source == Source::L2));
   BOOST_TEST(hit.result.value()->payload == "N");
}
