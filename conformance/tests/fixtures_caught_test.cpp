// SPDX-License-Identifier: MIT
// Runs pmat-plugin-conformance on each fixture and reads its --json report: a broken fixture must
// fail the test id that matches its break, and the good one must pass everything.
#define BOOST_TEST_MODULE conformance_fixtures
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>
#include <sys/wait.h>

namespace {

struct Expectation {
   const char *fixture;
   const char *caught_by; // the test id that must not pass
   const char *outcome;   // the outcome that test must have; "failed" also accepts "crashed"
};

std::ostream &operator<<(std::ostream &out, const Expectation &e) {
   return out << e.fixture;
}

const Expectation k_broken[] = {
    {"missing-entry", "entry-symbol-present", "failed"},
    {"wrong-major", "abi-major-matches", "failed"},
    {"newer-minor", "abi-minor-not-newer", "failed"},
    {"null-analyze", "analyzer-interface-valid", "failed"},
    {"wrong-struct-size", "entry-struct-valid", "failed"},
    {"exception-escape", "no-exception-escapes", "failed"},
    {"leak", "analyze-no-leak", "failed"},
    {"thread-after-deinit", "deinit-joins-threads", "failed"},
    {"extra-export", "exports-only-entry", "failed"},
    {"gnu-unique", "no-gnu-unique", "failed"},
    {"crash-empty-input", "analyze-empty-content", "crashed"},
    {"unbounded-error", "last-error-bounded", "failed"},
};

struct Run {
   int exit_code = -1;
   boost::json::object report;
   std::string junit_path;
};

std::string slurp(const std::string &path) {
   std::ifstream in(path);
   return {std::istreambuf_iterator<char>(in), {}};
}

Run run_suite(const std::string &fixture) {
   const std::string base = std::string(PMAT_REPORT_DIR) + "/fixture-" + fixture;
   Run run{-1, {}, base + ".junit.xml"};
   const std::string command = std::string("'") + PMAT_CONFORMANCE_EXE + "' '" + PMAT_FIXTURE_DIR +
                               "/libpmat_fixture_" + fixture + ".so' --json '" + base +
                               ".json' --junit '" + run.junit_path + "' > '" + base + ".txt' 2>&1";
   const int status = std::system(command.c_str());
   run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
   run.report = boost::json::parse(slurp(base + ".json")).as_object();
   return run;
}

std::string outcome_of(const Run &run, const std::string &id) {
   for (const auto &t : run.report.at("tests").as_array())
      if (t.at("id").as_string() == id)
         return std::string(t.at("outcome").as_string());
   return "(not run)";
}

} // namespace

BOOST_DATA_TEST_CASE(broken_fixture_is_caught, boost::unit_test::data::make(k_broken), e) {
   const Run run = run_suite(e.fixture);
   BOOST_TEST(run.exit_code == 1);
   const std::string outcome = outcome_of(run, e.caught_by);
   // Under ASan with abort_on_error, LeakSanitizer aborts the leak fixture's test process at
   // exit after it reported "failed"; the runner then reports the abort as "crashed".
   const bool failed_or_crashed = outcome == "failed" || outcome == "crashed";
   BOOST_TEST((std::string(e.outcome) == "failed" ? failed_or_crashed : outcome == e.outcome),
              e.caught_by << " was " << outcome << ", expected " << e.outcome);
}

BOOST_AUTO_TEST_CASE(good_fixture_passes_everything) {
   const Run run = run_suite("good");
   BOOST_TEST(run.exit_code == 0);
   for (const auto &t : run.report.at("tests").as_array()) {
      const auto outcome = std::string(t.at("outcome").as_string());
      BOOST_TEST_CONTEXT(t.at("id").as_string()) {
         BOOST_TEST((outcome == "passed" || outcome == "skipped"));
      }
   }
   BOOST_TEST(run.report.at("summary").at("skipped").as_int64() <= 1); // only the minor-0 case
}

BOOST_AUTO_TEST_CASE(junit_report_is_well_formed_xml) {
   // The crash fixture's report carries signal names and raw process output.
   const Run run = run_suite("crash-empty-input");
   boost::property_tree::ptree tree;
   BOOST_REQUIRE_NO_THROW(boost::property_tree::read_xml(run.junit_path, tree));
   const auto &suite = tree.get_child("testsuites.testsuite");
   BOOST_TEST(suite.get<int>("<xmlattr>.tests") ==
              static_cast<int>(run.report.at("tests").as_array().size()));
   BOOST_TEST(suite.get<int>("<xmlattr>.errors") == 1); // the crash
}
