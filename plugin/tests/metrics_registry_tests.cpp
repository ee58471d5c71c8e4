#include <boost/test/unit_test.hpp>

#include "metrics/registry.hpp"

#include <thread>
#include <vector>

using namespace pmat::plugin::metrics;

BOOST_AUTO_TEST_CASE(counters_sum_their_shards_across_threads) {
   Counter counter;
   std::vector<std::thread> threads;
   for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
         for (int i = 0; i < 10000; ++i)
            counter.add();
      });
   for (auto &t : threads)
      t.join();
   BOOST_TEST(counter.value() == 40000u);
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative_in_text_exposition) {
   Registry registry;
   auto &h = registry.histogram("pmat_test_seconds", "Test latency.", {0.001, 0.01}, {{"op", "x"}});
   h.observe_ns(500'000);    // 0.5 ms
   h.observe_ns(5'000'000);  // 5 ms
   h.observe_ns(50'000'000); // 50 ms
   const auto text = registry.render_text(PMAT_METRICS_PROMETHEUS_TEXT);
   BOOST_TEST(text.find("# TYPE pmat_test_seconds histogram") != std::string::npos);
   BOOST_TEST(text.find("pmat_test_seconds_bucket{op=\"x\",le=\"0.001\"} 1\n") !=
              std::string::npos);
   BOOST_TEST(text.find("pmat_test_seconds_bucket{op=\"x\",le=\"0.01\"} 2\n") != std::string::npos);
   BOOST_TEST(text.find("pmat_test_seconds_bucket{op=\"x\",le=\"+Inf\"} 3\n") != std::string::npos);
   BOOST_TEST(text.find("pmat_test_seconds_count{op=\"x\"} 3\n") != std::string::npos);
   BOOST_TEST(text.find("pmat_test_seconds_sum{op=\"x\"} 0.0555") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(openmetrics_names_counter_families_without_total_and_ends_with_eof) {
   Registry registry;
   registry.counter("pmat_test_requests_total", "Requests.", {{"outcome", "ok"}}).add(2);
   const auto text = registry.render_text(PMAT_METRICS_OPENMETRICS);
   BOOST_TEST(text.find("# TYPE pmat_test_requests counter\n") != std::string::npos);
   BOOST_TEST(text.find("pmat_test_requests_total{outcome=\"ok\"} 2\n") != std::string::npos);
   BOOST_TEST(text.ends_with("# EOF\n"));
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
   Registry registry;
   registry.gauge("pmat_test_info", "Info.", {{"version", "a\"b\\c\nd"}}, [] { return 1.0; });
   const auto text = registry.render_text(PMAT_METRICS_PROMETHEUS_TEXT);
   BOOST_TEST(text.find(R"(pmat_test_info{version="a\"b\\c\nd"} 1)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(snapshot_restores_into_a_fresh_registry_and_ignores_garbage) {
   auto build = [](Registry &r) -> Counter & {
      r.histogram("pmat_test_seconds", "S.", {0.1}).observe_ns(50'000'000);
      return r.counter("pmat_test_total", "T.", {{"k", "v"}});
   };
   Registry old_generation;
   build(old_generation).add(4);
   Registry next;
   build(next);
   next.restore(old_generation.snapshot());
   BOOST_TEST(next.render_json().at("pmat_test_total{k=\"v\"}").as_uint64() == 4u);
   BOOST_TEST(next.render_json().at("pmat_test_seconds").at("count").as_uint64() == 2u);

   Registry fresh;
   build(fresh);
   const auto empty = fresh.snapshot();
   boost::json::object garbage = {{"pmat_test_total{k=\"v\"}", "many"},
                                  {"pmat_test_seconds", {{"buckets", {1, -2}}, {"sum_ns", 3}}}};
   fresh.restore(garbage);
   BOOST_TEST(fresh.snapshot() == empty);
}

BOOST_AUTO_TEST_CASE(series_are_bounded_by_registration) {
   Registry registry;
   registry.counter("pmat_a_total", "A.", {{"outcome", "ok"}});
   registry.counter("pmat_a_total", "A.", {{"outcome", "error"}});
   registry.histogram("pmat_b_seconds", "B.", {1.0});
   BOOST_TEST(registry.series_count() == 3u);
}

// A fractional quantity (USD) is a counter kept in integer sub-units and shown in the unit; the
// hand-off across a reload carries the sub-units, so nothing is lost to rounding.
BOOST_AUTO_TEST_CASE(a_scaled_counter_is_shown_in_its_unit_and_handed_over_in_sub_units) {
   Registry registry;
   auto &cost = registry.scaled_counter("pmat_test_cost_usd_total", "Test cost.", {}, 1e9);
   cost.add(1'250'000'000); // 1.25 USD in nano-dollars
   const auto text = registry.render_text(PMAT_METRICS_PROMETHEUS_TEXT);
   BOOST_TEST(text.find("# TYPE pmat_test_cost_usd_total counter") != std::string::npos, text);
   BOOST_TEST(text.find("pmat_test_cost_usd_total 1.25\n") != std::string::npos, text);
   BOOST_TEST(registry.render_json().at("pmat_test_cost_usd_total").as_double() == 1.25);
   Registry next;
   auto &restored = next.scaled_counter("pmat_test_cost_usd_total", "Test cost.", {}, 1e9);
   next.restore(registry.snapshot());
   BOOST_TEST(restored.value() == 1'250'000'000u);
   BOOST_TEST(next.render_json().at("pmat_test_cost_usd_total").as_double() == 1.25);
}
