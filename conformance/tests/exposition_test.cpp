// SPDX-License-Identifier: MIT
// The suite's Prometheus/OpenMetrics validator: it must accept a correct exposition and name
// each rule a broken one breaks, or metrics-*-valid would prove nothing.
#define BOOST_TEST_MODULE conformance_exposition
#include <boost/test/unit_test.hpp>

#include "exposition.hpp"

using pmat::conformance::check_exposition;
using pmat::conformance::ExpositionFormat;

namespace {

const char *const k_good = "# HELP req_total Requests.\n"
                           "# TYPE req_total counter\n"
                           "req_total{code=\"200\",path=\"/a\\\"b\"} 3 1700000000000\n"
                           "req_total{code=\"500\"} 1e2\n"
                           "# HELP lat_seconds Latency.\n"
                           "# TYPE lat_seconds histogram\n"
                           "lat_seconds_bucket{le=\"0.1\"} 1\n"
                           "lat_seconds_bucket{le=\"1\"} 4\n"
                           "lat_seconds_bucket{le=\"+Inf\"} 5\n"
                           "lat_seconds_sum 2.5\n"
                           "lat_seconds_count 5\n"
                           "# HELP up Up.\n"
                           "# TYPE up gauge\n"
                           "up NaN\n";

// The first problem's message, or "" when the text is accepted.
std::string first_problem(const std::string &text,
                          ExpositionFormat f = ExpositionFormat::Prometheus004) {
   const auto problems = check_exposition(text, f);
   return problems.empty() ? std::string() : problems.front().message;
}

bool mentions(const std::string &message, const char *what) {
   return message.find(what) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(accepts_a_correct_exposition) {
   BOOST_TEST(first_problem(k_good) == "");
}

BOOST_AUTO_TEST_CASE(requires_the_final_line_feed) {
   std::string text = k_good;
   text.pop_back();
   BOOST_TEST(mentions(first_problem(text), "line feed"));
}

BOOST_AUTO_TEST_CASE(requires_an_inf_bucket_in_order) {
   const std::string base = "# HELP h H.\n# TYPE h histogram\n";
   BOOST_TEST(mentions(first_problem(base + "h_bucket{le=\"1\"} 1\nh_count 1\n"), "+Inf"));
   BOOST_TEST(mentions(first_problem(base + "h_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\n"
                                            "h_bucket{le=\"+Inf\"} 1\n"),
                       "increasing le"));
   BOOST_TEST(mentions(first_problem(base + "h_bucket{le=\"+Inf\"} 2\nh_count 3\n"), "_count"));
}

BOOST_AUTO_TEST_CASE(rejects_bad_syntax) {
   BOOST_TEST(mentions(first_problem("# HELP a A.\na{x=\"\\q\"} 1\n"), "escape"));
   BOOST_TEST(mentions(first_problem("# HELP a A.\na{x=1} 1\n"), "quoted"));
   BOOST_TEST(mentions(first_problem("# HELP a A.\na 0x10\n"), "expected"));
   BOOST_TEST(mentions(first_problem("# HELP a A.\n9a 1\n"), "metric name"));
   BOOST_TEST(mentions(first_problem("# HELP a A.\n# TYPE a gauge\n# TYPE a gauge\na 1\n"),
                       "second TYPE"));
   BOOST_TEST(mentions(first_problem("# HELP a A.\n# HELP b B.\na 1\nb 1\na 2\n"), "grouped"));
}

BOOST_AUTO_TEST_CASE(applies_promtool_lint_rules) {
   BOOST_TEST(mentions(first_problem("# HELP a A.\n# TYPE a counter\na 1\n"), "_total"));
   BOOST_TEST(mentions(first_problem("# TYPE b_seconds gauge\nb_seconds 1\n"), "HELP"));
   BOOST_TEST(mentions(first_problem("# HELP aB X.\naB 1\n"), "snake_case"));
}

BOOST_AUTO_TEST_CASE(openmetrics_needs_eof_and_total_samples) {
   const std::string fam = "# HELP c C.\n# TYPE c counter\n";
   BOOST_TEST(first_problem(fam + "c_total 1\n# EOF\n", ExpositionFormat::OpenMetrics100) == "");
   BOOST_TEST(
       mentions(first_problem(fam + "c_total 1\n", ExpositionFormat::OpenMetrics100), "# EOF"));
   BOOST_TEST(
       mentions(first_problem(fam + "c 1\n# EOF\n", ExpositionFormat::OpenMetrics100), "_total"));
}
