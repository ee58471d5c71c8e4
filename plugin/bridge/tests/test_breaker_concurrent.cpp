// SPDX-License-Identifier: MIT
// The breaker under 2-8 threads (run under TSan by the tsan preset): transitions stay consistent
// and Half-Open never admits more probes than configured.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include <pmat/bridge/breaker.hpp>

#include "printers.hpp"

using namespace pmat::bridge;

namespace {

struct Observed {
   std::atomic<int> probes_now{0};
   std::atomic<int> max_probes{0};
   std::atomic<std::uint64_t> admitted{0};
   std::atomic<std::uint64_t> rejected{0};
};

void note_probe(Observed &o, int delta) {
   const int now = o.probes_now.fetch_add(delta) + delta;
   int seen = o.max_probes.load();
   while (now > seen && !o.max_probes.compare_exchange_weak(seen, now)) {
   }
}

// Each caller fails every `fail_every`-th call; rejected callers move the clock so it cycles.
void hammer(CircuitBreaker &b, ManualClock &clock, Observed &o, int fail_every, int calls) {
   for (int i = 0; i < calls; ++i) {
      const Admission a = b.try_acquire();
      if (a == Admission::rejected) {
         o.rejected.fetch_add(1);
         // Time moves only while Open, so a probe is never old enough to count as lost (that
         // takeover is tested with a manual clock in test_breaker.cpp).
         if (b.state() == BreakerState::open)
            clock.advance_ms(50);
         continue;
      }
      o.admitted.fetch_add(1);
      if (a == Admission::probe)
         note_probe(o, +1);
      const bool fail = fail_every > 0 && i % fail_every == 0;
      if (a == Admission::probe) {
         std::this_thread::yield(); // hold the probe long enough for others to try for one
         note_probe(o, -1);
      }
      fail ? b.record_failure(a) : b.record_success(a);
   }
}

} // namespace

BOOST_AUTO_TEST_SUITE(breaker_concurrent)

BOOST_AUTO_TEST_CASE(threads_2_to_8_cycle_the_breaker_consistently) {
   for (int threads = 2; threads <= 8; threads += 2) {
      ManualClock clock;
      CircuitBreaker b(BreakerConfig{}, clock);
      Observed o;
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t)
         pool.emplace_back(hammer, std::ref(b), std::ref(clock), std::ref(o), 3, 20'000);
      for (auto &th : pool)
         th.join();
      BOOST_TEST_INFO("threads " << threads);
      BOOST_TEST(o.max_probes.load() <= 1);
      BOOST_TEST(b.counts().times_opened >= 2u); // it opened, recovered and opened again
      BOOST_TEST(o.admitted.load() + o.rejected.load() == std::uint64_t(threads) * 20'000u);
      BOOST_TEST(o.rejected.load() > 0u);
   }
}

BOOST_AUTO_TEST_CASE(all_success_traffic_never_opens) {
   ManualClock clock;
   CircuitBreaker b(BreakerConfig{}, clock);
   Observed o;
   std::vector<std::thread> pool;
   for (int t = 0; t < 8; ++t)
      pool.emplace_back(hammer, std::ref(b), std::ref(clock), std::ref(o), 0, 50'000);
   for (auto &th : pool)
      th.join();
   BOOST_TEST(b.state() == BreakerState::closed);
   BOOST_TEST(o.rejected.load() == 0u);
   BOOST_TEST(b.counts().window_calls == 400'000u);
}

BOOST_AUTO_TEST_SUITE_END()
