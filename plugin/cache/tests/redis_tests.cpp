// SPDX-License-Identifier: MIT
// The shared L2 against a real redis-server that this test starts and stops itself.
#include "redis_server.hpp"
#include "test_support.hpp"

#include <pmat/cache/redis_store.hpp>
#include <pmat/cache/tiered_cache.hpp>

#include <boost/test/unit_test.hpp>

using namespace pmat::cache;
using pmat::cache::test::FakeClock;
using pmat::cache::test::key_for;
using pmat::cache::test::RedisServer;

namespace {

struct Fleet {
   RedisServer server;
   FakeClock clock;
   RedisStore *last_store = nullptr;

   // One runner: its own L1, the shared Redis as L2.
   std::unique_ptr<TieredCache> runner() {
      auto store =
          std::make_unique<RedisStore>(RedisStoreConfig{.port = server.port()}, clock.fn());
      last_store = store.get();
      std::vector<std::unique_ptr<L2Store>> l2;
      l2.push_back(std::move(store));
      return std::make_unique<TieredCache>(TieredConfig{}, clock.fn(), std::move(l2));
   }
};

LoadResult answer(const std::string &p) {
   return LoadResult::answer(Kind::Claude, p);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(redis, Fleet)

BOOST_AUTO_TEST_CASE(runners_share_results_through_redis) {
   BOOST_TEST_REQUIRE(server.start());
   auto a = runner();
   auto b = runner();
   const Key k = key_for("shared");
   BOOST_TEST((a->get_or_load(k, [] { return answer("A"); }).source == Source::Loaded));
   const auto r = b->get_or_load(k, [] { return LoadResult::error("unreachable", ""); });
   BOOST_TEST((r.source == Source::L2));
   BOOST_TEST(r.result.value()->payload == "A");
   BOOST_TEST(last_store->stats().hits == 1u);
}

BOOST_AUTO_TEST_CASE(corrupt_values_are_counted_misses) {
   BOOST_TEST_REQUIRE(server.start());
   auto a = runner();
   const Key k = key_for("tampered");
   const std::string name = "pmat:cache:v1:" + k.hex();
   const std::string set = "*3\r\n$3\r\nSET\r\n$" + std::to_string(name.size()) + "\r\n" + name +
                           "\r\n$7\r\ngarbage\r\n";
   BOOST_TEST(server.raw(set).rfind("+OK", 0) == 0);
   const auto r = a->get_or_load(k, [] { return answer("fresh"); });
   BOOST_TEST((r.source == Source::Loaded));
   BOOST_TEST(r.result.value()->payload == "fresh");
   BOOST_TEST(last_store->stats().corrupt == 1u);
}

BOOST_AUTO_TEST_CASE(an_outage_degrades_to_l1_and_recovers) {
   BOOST_TEST_REQUIRE(server.start());
   auto cache = runner();
   RedisStore *store = last_store;
   BOOST_TEST(cache->get_or_load(key_for("before"), [] { return answer("B"); }).result.ok());
   BOOST_TEST(store->stats().writes == 1u);

   server.stop();
   for (int i = 0; i < 20; ++i) { // no request fails while Redis is down
      const auto r = cache->get_or_load(key_for("during" + std::to_string(i)),
                                        [i] { return answer("D" + std::to_string(i)); });
      BOOST_TEST(r.result.ok());
      BOOST_TEST(r.result.value()->payload == "D" + std::to_string(i));
   }
   BOOST_TEST(
       (cache->get_or_load(key_for("before"), [] { return answer("X"); }).source == Source::L1));
   L2Stats s = store->stats();
   BOOST_TEST(s.outages == 1u);
   BOOST_TEST(!s.available);
   BOOST_TEST(s.outage_skips > 0u); // backoff: most operations did not even try

   BOOST_TEST_REQUIRE(server.start());
   clock.advance(20'000'000'000ull); // past the longest backoff
   BOOST_TEST(cache->get_or_load(key_for("after"), [] { return answer("A"); }).result.ok());
   s = store->stats();
   BOOST_TEST(s.available);
   BOOST_TEST(s.outages == 1u);
   auto other = runner(); // a fresh runner sees what was written after recovery
   const auto r = other->get_or_load(key_for("after"), [] { return answer("wrong"); });
   BOOST_TEST((r.source == Source::L2));
   BOOST_TEST(r.result.value()->payload == "A");
}

BOOST_AUTO_TEST_CASE(a_server_that_never_existed_is_just_misses) {
   auto cache = runner(); // not started
   for (int i = 0; i < 5; ++i)
      BOOST_TEST(
          cache->get_or_load(key_for(std::to_string(i)), [] { return answer("v"); }).result.ok());
   BOOST_TEST(last_store->stats().outages == 1u);
}

BOOST_AUTO_TEST_CASE(clear_deletes_only_this_prefix) {
   BOOST_TEST_REQUIRE(server.start());
   BOOST_TEST(server.raw("*3\r\n$3\r\nSET\r\n$5\r\nother\r\n$1\r\nx\r\n").rfind("+OK", 0) == 0);
   auto cache = runner();
   cache->get_or_load(key_for("a"), [] { return answer("A"); });
   cache->clear();
   auto other = runner();
   BOOST_TEST(
       (other->get_or_load(key_for("a"), [] { return answer("A2"); }).source == Source::Loaded));
   BOOST_TEST(server.raw("*2\r\n$3\r\nGET\r\n$5\r\nother\r\n") == "$1\r\nx\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
