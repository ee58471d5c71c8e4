// SPDX-License-Identifier: MIT
// Hot reload while serving: builds installed by rename replace the serving generation
// make-before-break, in-flight calls finish on the generation they started on, and replaced
// generations are really unmapped.
#define BOOST_TEST_MODULE host_shim_hot_reload
#include <boost/test/unit_test.hpp>

#include "plugin_dir_fixture.hpp"

#include <pmat_test/eventually.hpp>

#include <boost/json/parse.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <future>
#include <iterator>
#include <set>
#include <thread>

using namespace pmat::test;
using namespace std::chrono_literals;

namespace {

bool wait_until_unmapped(const std::string &staged) {
   return pmat::test::eventually([&] { return mappings_containing(staged).empty(); });
}

// True once a call is inside the serving generation (the slow plugin holds it for 600 ms).
bool wait_for_a_call_inside(pmat_shim *shim) {
   return pmat::test::eventually(
       [&] { return shim_status(shim).at("generation").at("in_flight").to_number<int>() == 1; });
}

std::string staged_path(pmat_shim *shim) {
   return std::string(shim_status(shim).at("generation").at("staged").as_string());
}

struct LoadGenerator {
   std::atomic<bool> stop{false};
   std::atomic<std::uint64_t> calls{0};
   std::atomic<std::uint64_t> failures{0};
   std::mutex mutex;
   std::set<std::string> versions;
   std::vector<std::string> failure_messages;
   std::vector<std::thread> threads;

   void start(pmat_shim *shim, int thread_count) {
      for (int t = 0; t < thread_count; ++t)
         threads.emplace_back([this, shim] { run(shim); });
   }
   void run(pmat_shim *shim) {
      while (!stop.load()) {
         const auto outcome = analyze_text(shim, "int f(void) { return 1; }\n");
         ++calls;
         std::string version;
         if (outcome.status == PMAT_STATUS_OK)
            version =
                std::string(boost::json::parse(outcome.json).at("plugin_version").as_string());
         std::lock_guard lock(mutex);
         if (outcome.status != PMAT_STATUS_OK) {
            ++failures;
            failure_messages.push_back(outcome.error);
         } else {
            versions.insert(version);
         }
      }
   }
   void finish() {
      stop = true;
      for (auto &t : threads)
         t.join();
   }
};

} // namespace

BOOST_AUTO_TEST_CASE(twenty_replacements_under_load_fail_no_call_and_unmap_every_old_copy) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(true);
   BOOST_REQUIRE(shim);
   const std::size_t fds_before = open_fd_count();
   LoadGenerator load;
   load.start(shim.get(), 4);
   std::vector<std::string> replaced;
   for (std::uint64_t round = 1; round <= 20; ++round) {
      replaced.push_back(staged_path(shim.get()));
      dir.install(round % 2 == 1 ? "shim_test_plugin_v2" : "shim_test_plugin_v1");
      BOOST_REQUIRE_MESSAGE(wait_for_generation(shim.get(), round + 1),
                            "generation " << round + 1 << " never served");
      BOOST_TEST_REQUIRE(wait_until_unmapped(replaced.back()),
                         "generation " << round << " still mapped: " << replaced.back());
   }
   load.finish();
   BOOST_TEST(load.failures.load() == 0u);
   for (const auto &message : load.failure_messages)
      BOOST_TEST_MESSAGE("failed call: " << message);
   BOOST_TEST(load.calls.load() > 100u);
   BOOST_TEST((load.versions == std::set<std::string>{"1.0.0", "2.0.0"}));
   BOOST_TEST(serving_version(shim.get()) == "1.0.0");
   for (const auto &path : replaced)
      BOOST_TEST(mappings_containing(path).empty());
   BOOST_TEST(open_fd_count() <= fds_before + 2);
   const auto history = shim_status(shim.get()).at("reloads").as_array();
   BOOST_TEST(history.size() >= 20u);
   for (const auto &entry : history)
      BOOST_TEST(entry.at("trigger").as_string() == "watch");
}

BOOST_AUTO_TEST_CASE(an_in_flight_call_finishes_on_its_generation_which_then_unloads) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_slow");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   const std::string old_copy = staged_path(shim.get());
   auto slow_call = std::async(std::launch::async, [&] { return analyze_text(shim.get(), "x\n"); });
   BOOST_REQUIRE(wait_for_a_call_inside(shim.get()));
   dir.install("shim_test_plugin_v2");
   BOOST_REQUIRE(pmat_shim_reload(shim.get()) == PMAT_STATUS_OK);
   BOOST_TEST(serving_version(shim.get()) == "2.0.0");
   const auto draining = shim_status(shim.get()).at("draining").as_array();
   BOOST_REQUIRE_EQUAL(draining.size(), 1u);
   BOOST_TEST(draining[0].at("in_flight").as_int64() == 1);
   BOOST_TEST(!mappings_containing(old_copy).empty());
   const auto outcome = slow_call.get();
   BOOST_REQUIRE_EQUAL(outcome.status, PMAT_STATUS_OK);
   BOOST_TEST(boost::json::parse(outcome.json).at("plugin_version").as_string() == "1.5.0");
   BOOST_TEST(wait_until_unmapped(old_copy));
}

BOOST_AUTO_TEST_CASE(a_call_outliving_the_drain_timeout_is_reported_and_never_unmapped_early) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_slow");
   auto shim = dir.open(false, nullptr, 50);
   BOOST_REQUIRE(shim);
   const std::string old_copy = staged_path(shim.get());
   auto slow_call = std::async(std::launch::async, [&] { return analyze_text(shim.get(), "x\n"); });
   BOOST_REQUIRE(wait_for_a_call_inside(shim.get()));
   dir.install("shim_test_plugin_v2");
   BOOST_REQUIRE(pmat_shim_reload(shim.get()) == PMAT_STATUS_OK);
   // The supervisor reports the generation stuck once the 50 ms drain timeout has passed, while
   // the 600 ms call still runs on it.
   BOOST_REQUIRE(pmat::test::eventually([&] {
      return shim_status(shim.get()).at("draining").as_array().at(0).at("stuck").as_bool();
   }));
   BOOST_TEST(!mappings_containing(old_copy).empty());
   BOOST_TEST(slow_call.get().status == PMAT_STATUS_OK);
   BOOST_TEST(wait_until_unmapped(old_copy));
}

BOOST_AUTO_TEST_CASE(sighup_reloads_when_the_program_asks_for_it) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(false);
   BOOST_REQUIRE(shim);
   BOOST_REQUIRE(pmat_shim_reload_on_signal(shim.get(), SIGHUP) == PMAT_STATUS_OK);
   dir.install("shim_test_plugin_v2");
   // An absence check, not synchronisation: 300 ms is twice the watcher's debounce, in which a
   // watching shim would have reloaded.
   std::this_thread::sleep_for(300ms);
   BOOST_TEST(serving_generation(shim.get()) == 1u); // not watching: nothing happens by itself
   BOOST_REQUIRE(::raise(SIGHUP) == 0);
   BOOST_REQUIRE(wait_for_generation(shim.get(), 2));
   BOOST_TEST(serving_version(shim.get()) == "2.0.0");
   BOOST_TEST(shim_status(shim.get()).at("reloads").as_array().back().at("trigger").as_string() ==
              "signal");
   shim.reset();
   std::signal(SIGHUP, SIG_DFL);
}

BOOST_AUTO_TEST_CASE(another_plugins_file_does_not_replace_the_served_one) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1", "libexample.so");
   auto shim = dir.open(true);
   BOOST_REQUIRE(shim);
   dir.install("shim_test_plugin_v2", "libother.so"); // same plugin id, other file: a new build
   BOOST_REQUIRE(wait_for_generation(shim.get(), 2));
   BOOST_TEST(serving_version(shim.get()) == "2.0.0");
}

// An editor or `cp` writing the served file in place several times in a row: the watcher waits
// for 150 ms of quiet (the shim's debounce), so the burst is one reload. The writes come from
// memory, one write(2) each, so the burst takes well under a millisecond; on a machine stalled
// longer than the debounce in the middle of it, a second reload is legitimate, and then the test
// can only check that it found the same bytes ("unchanged").
BOOST_AUTO_TEST_CASE(a_burst_of_in_place_writes_is_debounced_into_one_reload) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   auto shim = dir.open(true);
   BOOST_REQUIRE(shim);
   std::ifstream source(variant_path("shim_test_plugin_v2"), std::ios::binary);
   const std::string bytes((std::istreambuf_iterator<char>(source)), {});
   BOOST_REQUIRE(!bytes.empty());
   const auto started = std::chrono::steady_clock::now();
   for (int i = 0; i < 3; ++i) { // IN_CLOSE_WRITE three times within the debounce window
      std::ofstream out(dir.plugin_dir() / "libexample.so", std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
   }
   const auto burst = std::chrono::steady_clock::now() - started;
   BOOST_REQUIRE(wait_for_generation(shim.get(), 2));
   std::this_thread::sleep_for(400ms); // longer than the debounce: any second reload shows up
   const auto history = shim_status(shim.get()).at("reloads").as_array();
   BOOST_REQUIRE(!history.empty());
   BOOST_TEST(history[0].at("outcome").as_string() == "swapped");
   if (burst < 100ms) {
      BOOST_TEST(history.size() == 1u);
   } else {
      BOOST_TEST_MESSAGE("the burst took " << std::chrono::duration<double>(burst).count()
                                           << " s: longer than the debounce window");
      for (std::size_t i = 1; i < history.size(); ++i)
         BOOST_TEST(history[i].at("outcome").as_string() == "unchanged");
   }
   BOOST_TEST(serving_version(shim.get()) == "2.0.0");
}

BOOST_AUTO_TEST_CASE(close_unloads_everything_and_joins_the_supervisor) {
   PluginDirFixture dir;
   dir.install("shim_test_plugin_v1");
   const std::size_t fds_before = open_fd_count();
   std::string staged;
   {
      auto shim = dir.open(true);
      BOOST_REQUIRE(shim);
      staged = staged_path(shim.get());
      BOOST_TEST(!mappings_containing(staged).empty());
   }
   BOOST_TEST(mappings_containing(staged).empty());
   BOOST_TEST(open_fd_count() == fds_before);
   BOOST_TEST(!std::filesystem::exists(staged));
}
