// SPDX-License-Identifier: MIT
// The auto-rollback monitor with a simulated clock and scripted outcomes and latencies.
#include <pmat/flags/rollback_monitor.hpp>

#include <boost/test/unit_test.hpp>

using namespace pmat::flags;

namespace {

constexpr std::uint64_t k_ms = 1'000'000;
constexpr std::uint64_t k_window = 30'000 * k_ms;

struct Script {
   RollbackMonitor monitor{RollbackPolicy{}, 5000}; // defaults: 30 s, 5 %, p95 5 s, 3 x, 20
   std::uint64_t now = 1000 * k_window;             // an arbitrary clock origin
   int trips = 0;
   std::string reason;

   // One window: `n` requests, `errors` of them failed, `slow` of them over the p95 threshold.
   void window(int n, int errors, int slow) {
      const std::uint64_t start = now;
      for (int i = 0; i < n; ++i) {
         const bool ok = i >= errors;
         const std::uint64_t latency = i < slow ? 9000 * k_ms : 200 * k_ms;
         feed(ok, latency, start + static_cast<std::uint64_t>(i) * (k_window / (n + 1)));
      }
      now = start + k_window;
   }
   void feed(bool ok, std::uint64_t latency, std::uint64_t at) {
      if (auto trip = monitor.record(ok, latency, at)) {
         ++trips;
         reason = trip->reason;
      }
   }
   void close() {
      if (auto trip = monitor.tick(now)) {
         ++trips;
         reason = trip->reason;
      }
   }
};

} // namespace

BOOST_AUTO_TEST_SUITE(rollback)

BOOST_AUTO_TEST_CASE(a_single_slow_request_never_trips) {
   Script s;
   for (int w = 0; w < 10; ++w)
      s.window(1, 0, 1); // one 9 s request per window (upstream rolled back on the first)
   s.close();
   BOOST_TEST(s.trips == 0);
   BOOST_TEST(!s.monitor.latched());
}

BOOST_AUTO_TEST_CASE(three_consecutive_error_windows_trip_and_latch) {
   Script s;
   s.window(40, 4, 0); // 10 % errors
   s.window(40, 4, 0);
   BOOST_TEST(s.trips == 0);
   s.window(40, 4, 0);
   s.close(); // the third window is judged when it ends
   BOOST_TEST(s.trips == 1);
   BOOST_TEST(s.monitor.latched());
   BOOST_TEST(s.reason.find("error ratio 0.100 > 0.050") == 0u, s.reason);
   s.window(40, 0, 0); // good windows do not unlatch: only an operator does
   s.close();
   BOOST_TEST(s.monitor.latched());
   BOOST_TEST(s.trips == 1);
}

BOOST_AUTO_TEST_CASE(p95_latency_breach_trips) {
   Script s;
   for (int w = 0; w < 3; ++w)
      s.window(20, 0, 2); // 2 of 20 over 5 s: p95 (the 19th of 20) is slow
   s.close();
   BOOST_TEST(s.trips == 1);
   BOOST_TEST(s.reason.find("p95 latency > 5000 ms") == 0u, s.reason);
}

BOOST_AUTO_TEST_CASE(thresholds_are_strict) {
   Script s;
   for (int w = 0; w < 5; ++w)
      s.window(20, 1, 1); // exactly 5 % errors, and p95 (19th of 20) is still fast
   s.close();
   BOOST_TEST(s.trips == 0);
   BOOST_TEST(s.monitor.last_closed()->enough);
   BOOST_TEST(!s.monitor.last_closed()->error_breach);
   BOOST_TEST(!s.monitor.last_closed()->latency_breach);
}

BOOST_AUTO_TEST_CASE(a_good_window_resets_the_streak) {
   Script s;
   s.window(40, 10, 0);
   s.window(40, 10, 0);
   s.window(40, 0, 0);
   s.window(40, 10, 0);
   s.window(40, 10, 0);
   s.close();
   BOOST_TEST(s.trips == 0);
   BOOST_TEST(s.monitor.streak() == 2u);
}

BOOST_AUTO_TEST_CASE(windows_below_the_minimum_are_no_data) {
   Script s;
   for (int w = 0; w < 6; ++w)
      s.window(19, 19, 19); // all failing and slow, but 19 < 20 requests
   s.close();
   BOOST_TEST(s.trips == 0);
   BOOST_TEST(!s.monitor.last_closed()->enough);
}

BOOST_AUTO_TEST_CASE(empty_windows_between_bad_ones_break_the_streak) {
   Script s;
   s.window(40, 10, 0);
   s.window(40, 10, 0);
   s.now += 5 * k_window; // nobody used Claude for 2.5 minutes
   s.window(40, 10, 0);
   s.close();
   BOOST_TEST(s.trips == 0);
}

BOOST_AUTO_TEST_CASE(clear_resets_and_needs_a_new_streak) {
   Script s;
   for (int w = 0; w < 3; ++w)
      s.window(20, 20, 0);
   s.close();
   BOOST_TEST(s.trips == 1);
   s.monitor.clear();
   BOOST_TEST(!s.monitor.latched());
   s.window(20, 20, 0);
   s.window(20, 20, 0);
   s.close();
   BOOST_TEST(!s.monitor.latched());
   s.window(20, 20, 0);
   s.close();
   BOOST_TEST(s.monitor.latched());
   BOOST_TEST(s.trips == 2);
}

BOOST_AUTO_TEST_CASE(a_disabled_policy_never_trips) {
   Script s;
   RollbackPolicy off;
   off.enabled = false;
   s.monitor.set_policy(off, 5000);
   for (int w = 0; w < 5; ++w)
      s.window(50, 50, 50);
   s.close();
   BOOST_TEST(s.trips == 0);
}

BOOST_AUTO_TEST_SUITE_END()
