// SPDX-License-Identifier: MIT
// The console's time-series store and what it derives: exposition parsing, the ring's bound,
// rates per interval, and the error ratio and p95 over the rollback window.
#include <boost/test/unit_test.hpp>

#include <http/console/reading.hpp>
#include <http/console/sampler.hpp>
#include <http/console/time_series.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

using namespace pmat::serve::console;

namespace {

constexpr const char *k_exposition =
    "# HELP pmat_claude_requests_total Analyze requests by engine and outcome.\n"
    "# TYPE pmat_claude_requests_total counter\n"
    "pmat_claude_requests_total{engine=\"native\",outcome=\"ok\"} 7\n"
    "pmat_claude_requests_total{engine=\"native\",outcome=\"skipped\"} 1\n"
    "claude_bridge_requests_total{operation=\"analyze\",status=\"success\"} 18\n"
    "claude_bridge_requests_total{operation=\"analyze\",status=\"error\"} 2\n"
    "claude_bridge_latency_seconds_bucket{operation=\"analyze\",le=\"0.1\"} 5\n"
    "claude_bridge_latency_seconds_bucket{operation=\"analyze\",le=\"1\"} 18\n"
    "claude_bridge_latency_seconds_bucket{operation=\"analyze\",le=\"+Inf\"} 20\n"
    "pmat_claude_cost_usd_total 0.25\n"
    "pmat_claude_flag_evaluations_total{reason=\"SPLIT_OUT\"} 3\n"
    "claude_bridge_errors_total{operation=\"analyze\",error=\"TIMEOUT\"} 2\n"
    "pmat_claude_cache_lookups_total{tier=\"l1\",outcome=\"hit\"} 1\n"
    "pmat_claude_cache_lookups_total{tier=\"l1\",outcome=\"miss\"} 4\n"
    "garbage line without value\n"
    "pmat_claude_cost_usd_total not-a-number\n";

Reading at(std::int64_t ms, double analyses, double ok, double errors, double cost) {
   return Reading{.unix_ms = ms,
                  .analyses = analyses,
                  .claude_ok = ok,
                  .claude_errors = errors,
                  .cost_usd = cost,
                  .latency_buckets = {},
                  .decisions = {},
                  .claude_failures = {},
                  .cache_lookups = {}};
}

} // namespace

BOOST_AUTO_TEST_CASE(the_exposition_gives_the_console_its_numbers) {
   const Reading r = read_exposition(k_exposition, 1000);
   BOOST_TEST(r.unix_ms == 1000);
   BOOST_TEST(r.analyses == 8);
   BOOST_TEST(r.claude_ok == 18);
   BOOST_TEST(r.claude_errors == 2);
   BOOST_TEST(r.cost_usd == 0.25);
   BOOST_REQUIRE_EQUAL(r.latency_buckets.size(), 3u);
   BOOST_TEST(r.latency_buckets[1].first == 1.0);
   BOOST_TEST(std::isinf(r.latency_buckets[2].first));
   BOOST_TEST(r.decisions.at("SPLIT_OUT") == 3);
   BOOST_TEST(r.claude_failures.at("TIMEOUT") == 2);
   BOOST_TEST(r.cache_lookups.at("l1/hit") == 1);
   BOOST_TEST(r.cache_lookups.at("l1/miss") == 4);
}

BOOST_AUTO_TEST_CASE(label_values_match_whole_names_only) {
   BOOST_TEST(label_value(R"(xle="2",le="0.5")", "le") == "0.5");
   BOOST_TEST(label_value(R"(tier="l1")", "outcome").empty());
}

BOOST_AUTO_TEST_CASE(the_ring_keeps_the_newest_readings_up_to_its_capacity) {
   TimeSeries series(3);
   for (int i = 1; i <= 5; ++i)
      series.add(at(i * 1000, i, 0, 0, 0));
   const auto kept = series.readings();
   BOOST_REQUIRE_EQUAL(kept.size(), 3u);
   BOOST_TEST(kept.front().unix_ms == 3000);
   BOOST_TEST(kept.back().unix_ms == 5000);
}

BOOST_AUTO_TEST_CASE(rates_are_per_interval_and_skip_a_counter_reset) {
   const std::vector<Reading> readings = {at(0, 0, 0, 0, 0), at(10'000, 50, 0, 0, 0.01),
                                          at(20'000, 3, 0, 0, 0.0), at(30'000, 13, 0, 0, 0.02)};
   const auto rate = analyses_per_second(readings);
   BOOST_REQUIRE_EQUAL(rate.size(), 2u); // 50 -> 3 went down: no point for that interval
   BOOST_TEST(rate[0].value == 5.0);
   BOOST_TEST(rate[1].value == 1.0);
   BOOST_TEST(rate[1].unix_ms == 30'000);
   const auto cost = cost_per_hour(readings);
   BOOST_TEST(cost.front().value == 3.6, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(the_window_counts_only_calls_inside_it) {
   std::vector<Reading> readings = {at(0, 0, 10, 0, 0), at(30'000, 0, 20, 1, 0),
                                    at(60'000, 0, 30, 1, 0)};
   readings[1].latency_buckets = {{0.1, 10}, {1.0, 21}, {INFINITY, 21}};
   Reading now = at(61'000, 0, 36, 5, 0);
   now.latency_buckets = {{0.1, 10}, {1.0, 21}, {INFINITY, 40}};
   const WindowStats stats = window_stats(readings, now, 30'000);
   // Baseline: the reading at 30 s (the newest at least 30 s old).
   BOOST_TEST(stats.calls == 20);
   BOOST_TEST(stats.errors == 4);
   BOOST_TEST(*stats.error_ratio == 0.2);
   BOOST_TEST(std::isinf(*stats.p95_seconds)); // every call of the window was slower than 1 s
   BOOST_TEST(stats.covered_ms == 31'000);
}

BOOST_AUTO_TEST_CASE(a_window_without_calls_has_no_ratio_and_no_p95) {
   const std::vector<Reading> readings = {at(0, 0, 10, 1, 0)};
   const WindowStats stats = window_stats(readings, at(40'000, 0, 10, 1, 0), 30'000);
   BOOST_TEST(stats.calls == 0);
   BOOST_TEST(!stats.error_ratio);
   BOOST_TEST(!stats.p95_seconds);
}

BOOST_AUTO_TEST_CASE(the_sampler_reads_at_start_and_every_interval_until_destroyed) {
   TimeSeries series(100);
   std::atomic<int> calls{0};
   {
      Sampler sampler([&] { return at(++calls, 0, 0, 0, 0); }, series,
                      std::chrono::milliseconds(5));
      BOOST_TEST(series.readings().size() >= 1u); // the first reading is taken at once
      while (series.readings().size() < 3)
         std::this_thread::yield();
   }
   const int after = calls.load();
   BOOST_TEST(after >= 3);
   BOOST_TEST(series.readings().size() == static_cast<std::size_t>(after));
}
