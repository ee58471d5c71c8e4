// SPDX-License-Identifier: MIT
// libpmat_claude.so through its real path: staged, loaded and served by the host shim.
#define BOOST_TEST_MODULE plugin_through_shim
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include "plugin_fixture.hpp"

#include <pmat/host_shim.h>

#include <boost/json/parse.hpp>

#include <stdlib.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using pmat::test::PluginFixture;

namespace {

const char *k_two_functions = R"(int sign(int x) {
   if (x > 0)
      return 1;
   else if (x < 0)
      return -1;
   return 0;
}

int sum(const int *v, int n) {
   int s = 0;
   for (int i = 0; i < n; ++i)
      s += v[i];
   return s;
}
)";

std::uint64_t counter_value(const std::string &text, const std::string &series) {
   const auto at = text.find(series + " ");
   BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no series " << series);
   return std::stoull(text.substr(at + series.size() + 1));
}

} // namespace

BOOST_AUTO_TEST_CASE(analyzes_c_with_the_native_engine) {
   PluginFixture plugin;
   const auto outcome = plugin.analyze(k_two_functions);
   BOOST_REQUIRE_MESSAGE(outcome.status == PMAT_STATUS_OK, outcome.error);
   const auto &result = outcome.result.as_object();
   BOOST_TEST(result.at("engine").as_string() == "native");
   BOOST_TEST(result.at("language").as_string() == "c");
   BOOST_TEST(result.at("path").as_string() == "src/sample.c");
   const auto &functions = result.at("functions").as_array();
   BOOST_REQUIRE_EQUAL(functions.size(), 2u);
   BOOST_TEST(functions[0].at("name").as_string() == "sign");
   BOOST_TEST(functions[0].at("line_start").as_int64() == 1);
   BOOST_TEST(functions[0].at("line_end").as_int64() == 7);
   BOOST_TEST(functions[0].at("metrics").at("cyclomatic").as_int64() == 3);
   BOOST_TEST(functions[1].at("name").as_string() == "sum");
   BOOST_TEST(functions[1].at("metrics").at("cyclomatic").as_int64() == 2);
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused_with_a_reason) {
   PluginFixture plugin;
   auto outcome = plugin.analyze("int x;", "a.c", "not json");
   BOOST_TEST(outcome.status == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(outcome.error.find("options_json") != std::string::npos);
   outcome = plugin.analyze("int x;", "a.c", R"({"profile": "lenient"})");
   BOOST_TEST(outcome.status == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(outcome.error.find("lenient") != std::string::npos);
   outcome = plugin.analyze("int x;", "a.c", R"({"engine": 5})");
   BOOST_TEST(outcome.status == PMAT_STATUS_INVALID_ARGUMENT);
   outcome = plugin.analyze("int x;", "a.c", R"({"future_option": true, "profile": "strict"})");
   BOOST_TEST(outcome.status == PMAT_STATUS_OK); // unknown keys are ignored
}

BOOST_AUTO_TEST_CASE(a_file_above_the_configured_limit_is_too_large) {
   PluginFixture plugin(R"({"analyzer": {"max_file_bytes": 64}})");
   BOOST_TEST(plugin.analyze(std::string(64, ' ')).status == PMAT_STATUS_OK);
   const auto outcome = plugin.analyze(std::string(65, ' '));
   BOOST_TEST(outcome.status == PMAT_STATUS_TOO_LARGE);
   BOOST_TEST(outcome.error.find("analyzer.max_file_bytes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(binary_content_and_odd_paths_still_give_valid_json) {
   PluginFixture plugin;
   const std::string binary("\x7f"
                            "ELF\x00\x01\x02\xff\xfe",
                            9);
   auto outcome = plugin.analyze(binary, "bin/tool.c");
   BOOST_REQUIRE(outcome.status == PMAT_STATUS_OK);
   BOOST_TEST(outcome.result.at("skipped").as_bool());
   BOOST_TEST(!outcome.result.at("skip_reason").as_string().empty());
   outcome = plugin.analyze("int x;\n", "caf\xe9\xff.c");
   BOOST_REQUIRE(outcome.status == PMAT_STATUS_OK);
   BOOST_TEST(outcome.result.at("path").as_string() == "caf\xEF\xBF\xBD\xEF\xBF\xBD.c");
   BOOST_TEST(plugin.analyze("").status == PMAT_STATUS_OK);
}

BOOST_AUTO_TEST_CASE(requests_are_counted_in_prometheus_text) {
   PluginFixture plugin;
   const std::string series = R"(pmat_claude_requests_total{engine="native",outcome="ok"})";
   const auto before = counter_value(plugin.prometheus(), series);
   for (int i = 0; i < 3; ++i)
      BOOST_REQUIRE(plugin.analyze(k_two_functions).status == PMAT_STATUS_OK);
   BOOST_TEST(counter_value(plugin.prometheus(), series) == before + 3);
   BOOST_TEST(plugin.analyze("x", "a.c", "[]").status == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(counter_value(plugin.prometheus(),
                            R"(pmat_claude_requests_total{engine="native",outcome="refused"})") ==
              1u);
}

BOOST_AUTO_TEST_CASE(counters_continue_across_a_hot_reload) {
   PluginFixture plugin;
   const std::string series = R"(pmat_claude_requests_total{engine="native",outcome="ok"})";
   for (int i = 0; i < 5; ++i)
      BOOST_REQUIRE(plugin.analyze(k_two_functions).status == PMAT_STATUS_OK);
   const auto before = counter_value(plugin.prometheus(), series);
   plugin.install(PMAT_TEST_PLUGIN_NEXT);
   BOOST_REQUIRE_MESSAGE(pmat_shim_reload(plugin.shim()) == PMAT_STATUS_OK, pmat_shim_last_error());
   const auto text = plugin.prometheus();
   BOOST_TEST(text.find("-next\"} 1") != std::string::npos); // pmat_claude_plugin_info{version}
   // The new generation's own smoke call, plus everything the old one counted.
   BOOST_TEST(counter_value(text, series) == before + 1);
}

// The exposition's series names, each with its labels: what a Prometheus server would store.
std::set<std::string> series_of(const std::string &text) {
   std::set<std::string> series;
   std::istringstream lines(text);
   for (std::string line; std::getline(lines, line);)
      if (!line.empty() && line[0] != '#')
         series.insert(line.substr(0, line.rfind(' ')));
   return series;
}

BOOST_AUTO_TEST_CASE(request_data_never_creates_new_series) {
   PluginFixture plugin;
   BOOST_REQUIRE(plugin.analyze(k_two_functions).status == PMAT_STATUS_OK);
   const auto before = series_of(plugin.prometheus());
   for (int i = 0; i < 50; ++i) {
      const std::string path = "dir" + std::to_string(i) + "/f" + std::to_string(i) + ".c";
      const std::string options = R"({"caller_id": "caller-)" + std::to_string(i) + R"("})";
      plugin.analyze(k_two_functions + std::to_string(i), path.c_str(), options.c_str());
      plugin.analyze("not json", path.c_str(), "[");
   }
   BOOST_TEST(series_of(plugin.prometheus()) == before, boost::test_tools::per_element());
   BOOST_TEST(before.size() < 200u);
}

BOOST_AUTO_TEST_CASE(eight_threads_analyze_concurrently) {
   PluginFixture plugin;
   std::atomic<int> failures{0};
   std::vector<std::thread> threads;
   for (int t = 0; t < 8; ++t)
      threads.emplace_back([&] {
         for (int i = 0; i < 100; ++i)
            if (plugin.analyze(k_two_functions).status != PMAT_STATUS_OK)
               ++failures;
      });
   for (auto &thread : threads)
      thread.join();
   BOOST_TEST(failures.load() == 0);
}

namespace {

std::string native_source(const pmat::test::Outcome &outcome) {
   BOOST_REQUIRE_MESSAGE(outcome.status == PMAT_STATUS_OK, outcome.error);
   return std::string(outcome.result.at("cache").at("native").as_string());
}

std::size_t disk_entries(const std::filesystem::path &cache_dir) {
   std::size_t count = 0;
   std::error_code ec;
   for (const auto &e : std::filesystem::recursive_directory_iterator(cache_dir / "l2-v1", ec))
      count += e.path().extension() == ".entry" ? 1 : 0;
   return count;
}

} // namespace

// A native answer costs less to recompute than a disk write: it stays in process, so a restart
// computes it again and the persistent tier holds nothing (docs/cache.md, "What goes where").
BOOST_AUTO_TEST_CASE(native_answers_are_kept_in_process_only) {
   std::filesystem::path root;
   {
      PluginFixture first_run;
      first_run.keep_directory();
      root = first_run.root();
      BOOST_TEST(native_source(first_run.analyze(k_two_functions)) == "computed");
      BOOST_TEST(native_source(first_run.analyze(k_two_functions)) == "l1");
      BOOST_TEST(disk_entries(root / "cache") == 0u);
   }
   PluginFixture second_run(nullptr, root);
   BOOST_TEST(native_source(second_run.analyze(k_two_functions)) == "computed");
}

// cache.native = false (what a one-shot `pmat-host analyze` asks for): native answers are never
// cached, so none is a hit and each file is spared its key; the answer itself is the same.
BOOST_AUTO_TEST_CASE(native_false_computes_every_answer_without_a_cache) {
   PluginFixture cached;
   PluginFixture uncached(R"({"cache": {"native": "false"}})");
   const auto with_cache = cached.analyze(k_two_functions);
   auto first = uncached.analyze(k_two_functions);
   BOOST_TEST(native_source(first) == "uncached");
   BOOST_TEST(native_source(uncached.analyze(k_two_functions)) == "uncached"); // no L1 hit
   auto expected = with_cache.result;
   expected.as_object().erase("cache");
   first.result.as_object().erase("cache");
   BOOST_TEST(boost::json::serialize(first.result) == boost::json::serialize(expected));
   // Persisting native answers implies caching them, whatever cache.native says.
   PluginFixture persistent(R"({"cache": {"native": "false", "native_persistent": "true"}})");
   BOOST_TEST(native_source(persistent.analyze(k_two_functions)) == "computed");
   BOOST_TEST(native_source(persistent.analyze(k_two_functions)) == "l1");
}

// cache.native_persistent = true (for hosts where re-analysis costs more than a disk read): the
// answer goes to disk and a restart reads it back.
BOOST_AUTO_TEST_CASE(native_persistent_puts_native_answers_on_disk) {
   const char *config = R"({"cache": {"native_persistent": "true"}})";
   std::filesystem::path root;
   {
      PluginFixture first_run(config);
      first_run.keep_directory();
      root = first_run.root();
      const auto before = disk_entries(root / "cache"); // the shim's smoke call may add one
      BOOST_TEST(native_source(first_run.analyze(k_two_functions)) == "computed");
      BOOST_TEST(disk_entries(root / "cache") == before + 1);
   }
   PluginFixture second_run(config, root);
   BOOST_TEST(native_source(second_run.analyze(k_two_functions)) == "l2");
}
