// SPDX-License-Identifier: MIT
#include "memory_l2.hpp"
#include "test_support.hpp"

#include <pmat/cache/tiered_cache.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace pmat::cache;
using pmat::cache::test::FakeClock;
using pmat::cache::test::key_for;

namespace {

constexpr int k_threads = 64;

// The loader holds its run open until every other thread is waiting on it, so the test does
// not depend on timing: without single-flight the others would run loaders of their own.
template <typename Make>
std::vector<Lookup> stampede(TieredCache &cache, const Key &key, Make make) {
   std::vector<Lookup> results(k_threads, Lookup{LoadResult::error("unset", ""), Source::L1});
   std::atomic<int> ready{0};
   std::vector<std::thread> threads;
   for (int i = 0; i < k_threads; ++i) {
      threads.emplace_back([&, i] {
         ready.fetch_add(1);
         while (ready.load() < k_threads)
            std::this_thread::yield();
         results[static_cast<std::size_t>(i)] = cache.get_or_load(key, [&] {
            while (cache.flights().waiting() < k_threads - 1)
               std::this_thread::yield();
            return make();
         });
      });
   }
   for (auto &t : threads)
      t.join();
   return results;
}

} // namespace

BOOST_AUTO_TEST_SUITE(single_flight)

BOOST_AUTO_TEST_CASE(sixty_four_concurrent_misses_run_the_loader_once) {
   FakeClock clock;
   std::vector<std::unique_ptr<L2Store>> l2;
   l2.push_back(std::make_unique<pmat::cache::test::MemoryL2>());
   TieredCache cache({}, clock.fn(), std::move(l2));
   std::atomic<int> calls{0};
   const auto results = stampede(cache, key_for("hot"), [&] {
      calls.fetch_add(1);
      return LoadResult::answer(Kind::Claude, "answer");
   });
   BOOST_TEST(calls.load() == 1);
   int shared = 0;
   for (const auto &r : results) {
      BOOST_TEST_REQUIRE(r.result.ok());
      BOOST_TEST(r.result.value()->payload == "answer");
      shared += r.source == Source::Shared ? 1 : 0;
   }
   BOOST_TEST(shared == k_threads - 1);
   const CacheStats s = cache.stats();
   BOOST_TEST(s.loads == 1u);
   BOOST_TEST(s.shared_results == static_cast<std::uint64_t>(k_threads - 1));
   BOOST_TEST(s.l2_misses == 1u);
   BOOST_TEST(s.l1_misses == static_cast<std::uint64_t>(k_threads));
}

BOOST_AUTO_TEST_CASE(every_waiter_gets_the_error_and_it_is_not_cached) {
   FakeClock clock;
   TieredCache cache({}, clock.fn());
   std::atomic<int> calls{0};
   const auto results = stampede(cache, key_for("hot"), [&] {
      calls.fetch_add(1);
      return LoadResult::error("rate_limited", "429");
   });
   BOOST_TEST(calls.load() == 1);
   for (const auto &r : results) {
      BOOST_TEST(!r.result.ok());
      BOOST_TEST(r.result.error().code == "rate_limited");
   }
   BOOST_TEST(cache.stats().l1_entries == 0u);
   const auto after = cache.get_or_load(key_for("hot"), [&] {
      calls.fetch_add(1);
      return LoadResult::answer(Kind::Claude, "ok");
   });
   BOOST_TEST((after.source == Source::Loaded));
   BOOST_TEST(calls.load() == 2);
}

BOOST_AUTO_TEST_CASE(different_keys_do_not_wait_for_each_other) {
   FakeClock clock;
   TieredCache cache({}, clock.fn());
   std::atomic<int> calls{0};
   std::vector<std::thread> threads;
   for (int i = 0; i < 8; ++i)
      threads.emplace_back([&, i] {
         cache.get_or_load(key_for("k" + std::to_string(i)), [&] {
            calls.fetch_add(1);
            return LoadResult::answer(Kind::Claude, "v");
         });
      });
   for (auto &t : threads)
      t.join();
   BOOST_TEST(calls.load() == 8);
   BOOST_TEST(cache.stats().shared_results == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
