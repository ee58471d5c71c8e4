// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <pmat/cache/l1_cache.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace pmat::cache;
using pmat::cache::test::FakeClock;
using pmat::cache::test::key_for;

namespace {

struct Shared {
   FakeClock clock;
   L1Cache cache{{.max_entries = 64, .max_bytes = 64 * 400, .shards = 4}, clock.fn()};
   std::vector<Key> keys;
   std::atomic<int> wrong{0};
};

// One thread's mix: reads everywhere, a write every third step, and (threads 0 and 1) the rare
// whole-cache operations that take every shard lock.
void hammer(Shared &s, int t) {
   for (int i = 0; i < 20000; ++i) {
      const std::size_t k = static_cast<std::size_t>((i * 7 + t * 13) % 256);
      const ValuePtr v = s.cache.get(s.keys[k]);
      s.wrong.fetch_add(v && v->payload != std::to_string(k) ? 1 : 0);
      if (i % 3 == 0)
         s.cache.put(s.keys[k],
                     std::make_shared<const Value>(Value{Kind::Claude, std::to_string(k)}),
                     1'000'000);
      if (t == 0 && i % 5000 == 0)
         (void)s.cache.export_blob();
      if (t == 1 && i % 7000 == 0)
         s.cache.clear();
      s.clock.advance(1);
   }
}

} // namespace

// Readers, writers, eviction, export and clear at once: every value read belongs to its key and
// the bounds hold afterwards (ThreadSanitizer checks the locking in CI).
BOOST_AUTO_TEST_CASE(concurrent_get_put_evict_export_keep_invariants) {
   Shared s;
   for (int i = 0; i < 256; ++i)
      s.keys.push_back(key_for(std::to_string(i)));
   std::vector<std::thread> threads;
   for (int t = 0; t < 4; ++t)
      threads.emplace_back(hammer, std::ref(s), t);
   for (auto &t : threads)
      t.join();
   BOOST_TEST(s.wrong.load() == 0);
   const auto st = s.cache.stats();
   BOOST_TEST(st.entries <= 64u);
   BOOST_TEST(st.bytes <= 64u * 400u);
   BOOST_TEST(st.hits + st.misses == 80000u);
}
