// SPDX-License-Identifier: MIT
// Circuit breaker state machine under a manual clock.
#include <boost/test/unit_test.hpp>

#include <pmat/bridge/breaker.hpp>

#include "alloc_probe.hpp"
#include "printers.hpp"

using namespace pmat::bridge;

namespace {

struct Fixture {
   ManualClock clock;
   CircuitBreaker breaker{BreakerConfig{}, clock};

   void fail(int n) {
      for (int i = 0; i < n; ++i)
         breaker.record_failure(breaker.try_acquire());
   }
   void succeed(int n) {
      for (int i = 0; i < n; ++i)
         breaker.record_success(breaker.try_acquire());
   }
   void open_it() {
      fail(5);
      BOOST_REQUIRE(breaker.state() == BreakerState::open);
   }
};

} // namespace

BOOST_AUTO_TEST_SUITE(breaker)

BOOST_FIXTURE_TEST_CASE(upstream_defaults, Fixture) {
   const BreakerConfig &c = breaker.config();
   BOOST_TEST(c.failure_threshold == 5u);
   BOOST_TEST(c.window_ns == 60'000 * k_ns_per_ms);
   BOOST_TEST(c.open_ns == 30'000 * k_ns_per_ms);
   BOOST_TEST(c.half_open_probes == 1u);
   BOOST_TEST(static_cast<int>(BreakerState::open) == 1);
   BOOST_TEST(static_cast<int>(BreakerState::half_open) == 2);
}

BOOST_FIXTURE_TEST_CASE(opens_on_the_fifth_failure_in_the_window, Fixture) {
   succeed(20);
   fail(4);
   BOOST_TEST(breaker.state() == BreakerState::closed);
   clock.advance_ms(10'000);
   fail(1);
   BOOST_TEST(breaker.state() == BreakerState::open);
   BOOST_TEST(breaker.counts().times_opened == 1u);
}

BOOST_FIXTURE_TEST_CASE(failures_older_than_the_window_do_not_count, Fixture) {
   fail(4);
   clock.advance_ms(61'000);
   fail(4);
   BOOST_TEST(breaker.state() == BreakerState::closed);
   BOOST_TEST(breaker.counts().window_failures == 4u);
   fail(1);
   BOOST_TEST(breaker.state() == BreakerState::open);
}

BOOST_AUTO_TEST_CASE(rate_mode_waits_for_minimum_calls) {
   ManualClock clock;
   BreakerConfig config;
   config.failure_threshold = 0;
   config.failure_rate = 0.5;
   config.minimum_calls = 10;
   CircuitBreaker b(config, clock);
   for (int i = 0; i < 9; ++i)
      b.record_failure(b.try_acquire());
   BOOST_TEST(b.state() == BreakerState::closed); // 100 % failures but only 9 calls
   b.record_success(b.try_acquire());
   b.record_failure(b.try_acquire());
   BOOST_TEST(b.state() == BreakerState::open);
}

BOOST_AUTO_TEST_CASE(rate_mode_stays_closed_below_the_rate) {
   ManualClock clock;
   BreakerConfig config;
   config.failure_threshold = 0;
   config.failure_rate = 0.5;
   config.minimum_calls = 10;
   CircuitBreaker b(config, clock);
   for (int i = 0; i < 30; ++i) {
      b.record_success(b.try_acquire());
      if (i % 3 == 0)
         b.record_failure(b.try_acquire());
   }
   BOOST_TEST(b.state() == BreakerState::closed);
   BOOST_TEST(b.counts().window_failures == 10u);
}

BOOST_FIXTURE_TEST_CASE(open_rejects_with_pool_exhausted_and_retry_after, Fixture) {
   open_it();
   BOOST_TEST(breaker.try_acquire() == Admission::rejected);
   Status s = breaker.rejection_status();
   BOOST_TEST(s.code == PMAT_STATUS_POOL_EXHAUSTED);
   BOOST_TEST(s.message == "Circuit open, retry after 30000ms");
   clock.advance_ms(12'000);
   BOOST_TEST(breaker.retry_after_ns() == 18'000 * k_ns_per_ms);
   BOOST_TEST(breaker.counts().rejections == 1u);
}

BOOST_FIXTURE_TEST_CASE(one_probe_after_open_period_and_success_closes, Fixture) {
   open_it();
   clock.advance_ms(29'999);
   BOOST_TEST(breaker.try_acquire() == Admission::rejected);
   clock.advance_ms(1);
   const Admission probe = breaker.try_acquire();
   BOOST_TEST(probe == Admission::probe);
   BOOST_TEST(breaker.state() == BreakerState::half_open);
   BOOST_TEST(breaker.try_acquire() == Admission::rejected);
   breaker.record_success(probe);
   BOOST_TEST(breaker.state() == BreakerState::closed);
   BOOST_TEST(breaker.counts().window_failures == 0u);
   fail(4); // the window was cleared: four new failures do not re-open it
   BOOST_TEST(breaker.state() == BreakerState::closed);
}

BOOST_FIXTURE_TEST_CASE(probe_failure_reopens_for_a_full_period, Fixture) {
   open_it();
   clock.advance_ms(30'000);
   const Admission probe = breaker.try_acquire();
   BOOST_REQUIRE(probe == Admission::probe);
   clock.advance_ms(500);
   breaker.record_failure(probe);
   BOOST_TEST(breaker.state() == BreakerState::open);
   BOOST_TEST(breaker.retry_after_ns() == 30'000 * k_ns_per_ms);
   BOOST_TEST(breaker.counts().times_opened == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_silent_probe_is_replaced_after_an_open_period, Fixture) {
   open_it();
   clock.advance_ms(30'000);
   BOOST_REQUIRE(breaker.try_acquire() == Admission::probe);
   clock.advance_ms(10'000);
   BOOST_TEST(breaker.try_acquire() == Admission::rejected);
   clock.advance_ms(20'000);
   BOOST_TEST(breaker.try_acquire() == Admission::probe);
}

BOOST_FIXTURE_TEST_CASE(late_outcomes_from_before_opening_change_nothing, Fixture) {
   const Admission early = breaker.try_acquire();
   open_it();
   breaker.record_success(early);
   BOOST_TEST(breaker.state() == BreakerState::open);
   clock.advance_ms(30'000);
   const Admission probe = breaker.try_acquire();
   breaker.record_failure(early); // not the probe: ignored
   BOOST_TEST(breaker.state() == BreakerState::half_open);
   breaker.record_success(probe);
   BOOST_TEST(breaker.state() == BreakerState::closed);
}

BOOST_AUTO_TEST_CASE(several_probes_must_all_succeed) {
   ManualClock clock;
   BreakerConfig config;
   config.half_open_probes = 2;
   CircuitBreaker b(config, clock);
   for (int i = 0; i < 5; ++i)
      b.record_failure(b.try_acquire());
   clock.advance_ms(30'000);
   const Admission p1 = b.try_acquire();
   const Admission p2 = b.try_acquire();
   BOOST_TEST(p1 == Admission::probe);
   BOOST_TEST(p2 == Admission::probe);
   BOOST_TEST(b.try_acquire() == Admission::rejected);
   b.record_success(p1);
   BOOST_TEST(b.state() == BreakerState::half_open);
   b.record_success(p2);
   BOOST_TEST(b.state() == BreakerState::closed);
}

BOOST_FIXTURE_TEST_CASE(closed_path_does_not_allocate, Fixture) {
   succeed(1); // first use of a bucket takes the rotate path; warm it outside the probe
   test::alloc_probe_arm();
   for (int i = 0; i < 100'000; ++i) {
      const Admission a = breaker.try_acquire();
      if (i % 1000 == 999)
         clock.advance_ms(1'000); // crosses buckets, so rotation is covered too
      breaker.record_success(a);
   }
   const test::AllocStats stats = test::alloc_probe_disarm();
   BOOST_TEST(stats.count == 0u);
   BOOST_TEST(breaker.state() == BreakerState::closed);
   BOOST_TEST(breaker.counts().window_calls > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
