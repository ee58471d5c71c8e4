// SPDX-License-Identifier: MIT
#include <pmat/flags/fleet_window.hpp>

#include <boost/test/unit_test.hpp>

using namespace pmat::flags;

namespace {

constexpr std::uint64_t k_ms = 1'000'000;

WindowCounts window(std::uint64_t index, std::uint64_t requests, std::uint64_t errors,
                    std::uint64_t slow = 0) {
   WindowCounts w;
   w.index = index;
   w.requests = requests;
   w.errors = errors;
   w.slow = slow;
   return w;
}

RollbackPolicy policy() {
   RollbackPolicy p;
   p.window_ms = 1000;
   p.consecutive_windows = 2;
   p.min_requests = 20;
   p.max_error_ratio = 0.05;
   return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(fleet_window)

BOOST_AUTO_TEST_CASE(counts_are_kept_per_wall_clock_window_and_taken_once) {
   FleetWindows counts;
   counts.record(true, 50 * k_ms, 10'100, 1000, 5000 * k_ms);
   counts.record(false, 6000 * k_ms, 10'900, 1000, 5000 * k_ms);
   counts.record(true, 300 * k_ms, 11'000, 1000, 5000 * k_ms);
   const auto taken = counts.take();
   BOOST_REQUIRE(taken.size() == 2u);
   BOOST_TEST(taken[0].index == 10u);
   BOOST_TEST(taken[0].requests == 2u);
   BOOST_TEST(taken[0].errors == 1u);
   BOOST_TEST(taken[0].slow == 1u);
   BOOST_TEST(taken[0].buckets[0] == 1u); // 50 ms <= 100 ms
   BOOST_TEST(taken[0].buckets[6] == 1u); // 6 s <= 10 s
   BOOST_TEST(taken[1].buckets[2] == 1u); // 300 ms <= 500 ms
   BOOST_TEST(counts.take().empty());
}

BOOST_AUTO_TEST_CASE(counts_kept_while_the_source_is_away_are_bounded) {
   FleetWindows counts;
   for (std::uint64_t window = 0; window < 100; ++window)
      counts.record(true, k_ms, window * 1000, 1000, 5000 * k_ms);
   const auto taken = counts.take();
   BOOST_REQUIRE(taken.size() == 64u);
   BOOST_TEST(taken.front().index == 36u); // the newest 64 windows
   BOOST_TEST(taken.back().index == 99u);
}

// Three hosts with 8 requests each are each below min_requests; their sum is not.
BOOST_AUTO_TEST_CASE(the_fleets_sum_trips_what_no_host_alone_would) {
   const auto p = policy();
   BOOST_TEST(!fleet_trip(p, 5000, {window(1, 8, 2), window(2, 8, 2)}));
   const auto reason = fleet_trip(p, 5000, {window(1, 24, 5), window(2, 24, 5)});
   BOOST_REQUIRE(reason);
   BOOST_TEST(*reason == "fleet error ratio 0.208 > 0.050 in 2 consecutive windows of 1000 ms");
}

BOOST_AUTO_TEST_CASE(a_good_or_sparse_window_in_the_streak_does_not_trip) {
   const auto p = policy();
   BOOST_TEST(!fleet_trip(p, 5000, {window(1, 24, 5), window(2, 24, 1)}));  // 4 %: good
   BOOST_TEST(!fleet_trip(p, 5000, {window(1, 24, 5), window(2, 19, 19)})); // no data
   BOOST_TEST(!fleet_trip(p, 5000, {window(2, 24, 5)}));                    // too few windows
}

BOOST_AUTO_TEST_CASE(the_p95_rule_uses_the_slow_count) {
   const auto p = policy();
   BOOST_TEST(!fleet_trip(p, 1000, {window(1, 20, 0, 1), window(2, 20, 0, 1)}));
   const auto reason = fleet_trip(p, 1000, {window(1, 20, 0, 2), window(2, 20, 0, 2)});
   BOOST_REQUIRE(reason);
   BOOST_TEST(reason->find("fleet p95 latency > 1000 ms (2 of 20 requests slower)") == 0u);
}

BOOST_AUTO_TEST_CASE(a_disabled_policy_never_trips) {
   auto p = policy();
   p.enabled = false;
   BOOST_TEST(!fleet_trip(p, 5000, {window(1, 24, 24), window(2, 24, 24)}));
}

BOOST_AUTO_TEST_SUITE_END()
