// SPDX-License-Identifier: MIT
// The one Prometheus text writer, as the plugin's registry, the shim and pmat-host serve use it:
// these are the exact lines a scraper reads.
#include <boost/test/unit_test.hpp>

#include <pmat/common/prometheus_text.hpp>

#include <array>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace prometheus = pmat::common::prometheus;

BOOST_AUTO_TEST_CASE(label_values_escape_backslash_quote_and_newline) {
   BOOST_TEST(prometheus::escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
   BOOST_TEST(prometheus::label_set({{"path", "C:\\x"}, {"q", "say \"hi\""}}) ==
              "{path=\"C:\\\\x\",q=\"say \\\"hi\\\"\"}");
   BOOST_TEST(prometheus::label_set({}) == "");
   BOOST_TEST(prometheus::label_set({}, "le=\"1\"") == "{le=\"1\"}");
}

BOOST_AUTO_TEST_CASE(help_text_escapes_backslash_and_newline_but_not_quotes) {
   std::ostringstream out;
   prometheus::write_family(out, "x_total", "counter", "a \"b\"\\c\nd", false);
   BOOST_TEST(out.str() == "# HELP x_total a \"b\"\\\\c\\nd\n# TYPE x_total counter\n");
}

BOOST_AUTO_TEST_CASE(openmetrics_names_a_counter_family_without_total) {
   std::ostringstream out;
   prometheus::write_family(out, "jobs_total", "counter", "Jobs.", true);
   prometheus::write_sample(out, "jobs_total", {{"outcome", "ok"}}, 3);
   prometheus::write_family(out, "jobs_total", "gauge", "Not a counter.", true);
   BOOST_TEST(out.str() == "# HELP jobs Jobs.\n# TYPE jobs counter\njobs_total{outcome=\"ok\"} 3\n"
                           "# HELP jobs_total Not a counter.\n# TYPE jobs_total gauge\n");
}

BOOST_AUTO_TEST_CASE(a_gauge_is_its_header_and_one_sample) {
   std::ostringstream out;
   prometheus::write_gauge(out, "depth", "Queue depth.", 7, false);
   BOOST_TEST(out.str() == "# HELP depth Queue depth.\n# TYPE depth gauge\ndepth 7\n");
}

BOOST_AUTO_TEST_CASE(a_histogram_has_cumulative_buckets_then_sum_and_count) {
   std::ostringstream out;
   const std::array<double, 2> bounds = {0.5, 1.0};
   const std::vector<std::uint64_t> counts = {1, 2, 4};
   prometheus::write_histogram(out, "wait_seconds", {{"engine", "native"}}, bounds, counts, 3.25);
   BOOST_TEST(out.str() == "wait_seconds_bucket{engine=\"native\",le=\"0.5\"} 1\n"
                           "wait_seconds_bucket{engine=\"native\",le=\"1\"} 3\n"
                           "wait_seconds_bucket{engine=\"native\",le=\"+Inf\"} 7\n"
                           "wait_seconds_sum{engine=\"native\"} 3.25\n"
                           "wait_seconds_count{engine=\"native\"} 7\n");
}

BOOST_AUTO_TEST_CASE(histogram_bounds_and_sum_keep_the_callers_format) {
   std::ostringstream out;
   const std::vector<std::string> bounds = {"0.10000000000000001"};
   const std::array<std::uint64_t, 2> counts = {0, 2};
   prometheus::write_histogram(out, "d", {}, bounds, counts, std::string("1.5"));
   BOOST_TEST(out.str() == "d_bucket{le=\"0.10000000000000001\"} 0\nd_bucket{le=\"+Inf\"} 2\n"
                           "d_sum 1.5\nd_count 2\n");
}
