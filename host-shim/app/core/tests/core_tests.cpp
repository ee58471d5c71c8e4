// SPDX-License-Identifier: MIT
// The core as the three fronts use it: a Session over the build tree's plugins, analyze_files
// over real files on disk, the readers, and one-buffer analysis.
#define BOOST_TEST_MODULE host_app_core
#include <boost/test/unit_test.hpp>

#include <core/analyze_files.hpp>
#include <core/api_error.hpp>
#include <core/session.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace pmat;

namespace {

const std::string k_simple = "int one(int x) { return x; }\n";

// A function of cyclomatic complexity 12: above the default profile's maximum of 10.
std::string branchy() {
   std::string code = "int busy(int x) {\n";
   for (int i = 0; i < 11; ++i)
      code += "   if (x == " + std::to_string(i) + ") return " + std::to_string(i) + ";\n";
   return code + "   return -1;\n}\n";
}

// A fresh directory, which also holds the plugin's state (cache, flags) for this test.
fs::path private_root() {
   std::string pattern = (fs::temp_directory_path() / "pmat-core-test-XXXXXX").string();
   BOOST_REQUIRE(::mkdtemp(pattern.data()));
   const fs::path root = pattern;
   ::setenv("XDG_CONFIG_HOME", (root / "xdg-config").c_str(), 1);
   ::setenv("XDG_CACHE_HOME", (root / "xdg-cache").c_str(), 1);
   return root;
}

// A private directory and a session over the build tree's plugins (opened after the plugin's
// state has been pointed into the directory).
struct Workspace {
   ~Workspace() { fs::remove_all(root); }

   app::SourceFile write(const std::string &name, const std::string &content) const {
      fs::create_directories((root / name).parent_path());
      std::ofstream(root / name) << content;
      return {root / name, name};
   }

   const fs::path root = private_root();
   const app::Session session = app::Session::open(PMAT_TEST_PLUGIN_DIR);
};

app::AnalyzeOptions native(unsigned jobs = 0) {
   app::AnalyzeOptions options;
   options.engine = "native";
   options.jobs = jobs;
   return options;
}

std::int64_t first_cyclomatic(const report::FileResult &result) {
   return result.functions.at(0).cyclomatic;
}

const std::atomic<bool> k_never{false};

} // namespace

BOOST_AUTO_TEST_CASE(the_options_reach_the_plugin_as_one_json_object) {
   app::AnalyzeOptions options;
   options.engine = "claude";
   options.profile = "strict";
   options.jobs = 3; // the loop's business, not the plugin's
   BOOST_TEST(app::plugin_options_json(options) == R"({"engine":"claude","profile":"strict"})");
}

BOOST_AUTO_TEST_CASE(a_directory_without_plugins_is_a_clear_error) {
   const fs::path empty = fs::temp_directory_path() / "pmat-core-test-no-plugins";
   fs::create_directories(empty);
   BOOST_CHECK_EXCEPTION(app::Session::open(empty.string()), std::runtime_error,
                         [](const std::runtime_error &e) { return *e.what() != '\0'; });
   fs::remove_all(empty);
}

BOOST_FIXTURE_TEST_CASE(files_come_back_in_input_order_with_ordered_progress, Workspace) {
   const std::vector<app::SourceFile> files = {
       write("a.c", k_simple), {root / "missing.c", "missing.c"}, write("b.c", branchy())};
   std::vector<app::FileProgress> steps;
   const auto outcomes = app::analyze_files(
       session, files, native(3), app::read_source_file,
       [&steps](const app::FileProgress &step) { steps.push_back(step); }, k_never);

   BOOST_REQUIRE(outcomes.size() == 3U);
   BOOST_TEST(outcomes[0].path == "a.c");
   BOOST_TEST(outcomes[0].error.empty());
   BOOST_TEST(first_cyclomatic(outcomes[0].result) == 1);
   BOOST_TEST(outcomes[1].path == "missing.c");
   BOOST_TEST(outcomes[1].error == "cannot open file");
   BOOST_TEST(outcomes[1].result.text.empty());
   BOOST_TEST(first_cyclomatic(outcomes[2].result) == 12);

   BOOST_REQUIRE(steps.size() == 3U);
   std::size_t bytes = 0;
   for (std::size_t i = 0; i < steps.size(); ++i) {
      BOOST_TEST(steps[i].done == i + 1);
      BOOST_TEST(steps[i].total == 3U);
      bytes += steps[i].bytes;
   }
   BOOST_TEST(bytes == k_simple.size() + branchy().size());
}

BOOST_FIXTURE_TEST_CASE(cancelling_stops_before_the_next_file, Workspace) {
   const std::vector<app::SourceFile> files = {write("a.c", k_simple), write("b.c", k_simple),
                                               write("c.c", k_simple)};
   std::atomic<bool> cancel{false};
   std::size_t calls = 0;
   const auto outcomes = app::analyze_files(
       session, files, native(1), app::read_source_file,
       [&](const app::FileProgress &) {
          ++calls;
          cancel = true;
       },
       cancel);
   BOOST_TEST(calls == 1U);
   BOOST_REQUIRE(outcomes.size() == 3U);
   BOOST_TEST(outcomes[0].path == "a.c");
   BOOST_TEST(!outcomes[0].result.text.empty());
   for (std::size_t i = 1; i < outcomes.size(); ++i) {
      BOOST_TEST(outcomes[i].path.empty()); // never started: the report counts it as errored
      BOOST_TEST(outcomes[i].result.text.empty());
   }
}

// A walk still listing: the first file is analysed before the second is even found, and the
// outcomes come back in the order the walk listed them.
BOOST_FIXTURE_TEST_CASE(files_are_analysed_while_the_walk_is_still_listing, Workspace) {
   app::FileFeed feed(16);
   std::mutex mutex;
   std::condition_variable changed;
   std::vector<app::FileProgress> steps;
   std::thread analysis([&] {
      app::analyze_files(
          session, feed, native(2), app::read_source_file,
          [&](const app::FileProgress &step) {
             std::lock_guard lock(mutex);
             steps.push_back(step);
             changed.notify_all();
          },
          k_never);
   });
   const auto steps_reach = [&](std::size_t count) {
      std::unique_lock lock(mutex);
      return changed.wait_for(lock, std::chrono::seconds(30),
                              [&] { return steps.size() >= count; });
   };
   feed.push(write("first.c", branchy()));
   BOOST_TEST(steps_reach(1)); // done while the feed is still open
   BOOST_TEST(!feed.closed());
   BOOST_TEST(steps[0].total == 1U); // the files known so far
   feed.push(write("second.c", k_simple));
   feed.close();
   analysis.join();

   const auto outcomes = feed.take_outcomes();
   BOOST_REQUIRE(outcomes.size() == 2U);
   BOOST_TEST(outcomes[0].path == "first.c");
   BOOST_TEST(first_cyclomatic(outcomes[0].result) == 12);
   BOOST_TEST(outcomes[1].path == "second.c");
   BOOST_TEST(first_cyclomatic(outcomes[1].result) == 1);
   BOOST_TEST(steps.back().done == 2U);
   BOOST_TEST(steps.back().total == 2U);
}

// Many consumers, one producer: every file is taken exactly once and its outcome lands in the
// slot of its position, whatever the interleaving.
BOOST_AUTO_TEST_CASE(a_feed_hands_each_file_out_once_in_order_of_its_slots) {
   app::FileFeed feed(16);
   constexpr std::size_t k_files = 2000;
   std::atomic<std::size_t> taken{0};
   std::vector<std::thread> consumers;
   for (int t = 0; t < 4; ++t)
      consumers.emplace_back([&] {
         while (const auto item = feed.take()) {
            report::FileOutcome outcome;
            outcome.path = item->file->display;
            feed.complete(item->number, std::move(outcome));
            ++taken;
         }
      });
   for (std::size_t i = 0; i < k_files; ++i)
      feed.push({fs::path("f" + std::to_string(i)), "f" + std::to_string(i)});
   feed.close();
   for (auto &consumer : consumers)
      consumer.join();
   BOOST_TEST(taken.load() == k_files);
   BOOST_TEST(!feed.take().has_value()); // closed and drained: nothing, at once
   const auto outcomes = feed.take_outcomes();
   BOOST_REQUIRE(outcomes.size() == k_files);
   for (std::size_t i = 0; i < k_files; ++i)
      BOOST_TEST(outcomes[i].path == "f" + std::to_string(i));
}

BOOST_FIXTURE_TEST_CASE(a_plugin_refusal_is_each_files_error, Workspace) {
   app::AnalyzeOptions options = native(2);
   options.engine = "no-such-engine";
   const auto outcomes =
       app::analyze_files(session, {write("a.c", k_simple), write("b.c", k_simple)}, options,
                          app::read_source_file, nullptr, k_never);
   for (const auto &outcome : outcomes) {
      BOOST_TEST(outcome.error.starts_with("InvalidArgument: "), outcome.error);
      BOOST_TEST(outcome.result.text.empty());
   }
}

BOOST_FIXTURE_TEST_CASE(the_roots_reader_refuses_links_out_and_large_files, Workspace) {
   const app::SourceFile inside = write("inside/ok.c", k_simple);
   write("outside.c", k_simple);
   fs::create_symlink(root / "outside.c", root / "inside" / "out.c");
   const app::AllowedRoots roots({(root / "inside").string()});

   const app::ReadSource read = app::read_under_roots(roots, 1024);
   BOOST_TEST(read(inside) == k_simple);
   const app::SourceFile link{root / "inside" / "out.c", "out.c"};
   BOOST_CHECK_EXCEPTION(read(link), app::ApiError,
                         [](const app::ApiError &e) { return e.code == "path_outside_roots"; });
   BOOST_CHECK_EXCEPTION(app::read_under_roots(roots, 4)(inside), app::ApiError,
                         [](const app::ApiError &e) { return e.code == "too_large"; });

   const auto outcomes =
       app::analyze_files(session, {inside, link}, native(), read, nullptr, k_never);
   BOOST_TEST(outcomes[0].error.empty());
   BOOST_TEST(outcomes[1].error == "path_outside_roots: outside the allowed roots");
}

BOOST_AUTO_TEST_CASE(default_jobs_leave_room_for_claude_batches) {
   app::AnalyzeOptions options;
   options.jobs = 5;
   BOOST_TEST(app::default_jobs(options) == 5U);
   options.jobs = 0;
   BOOST_TEST(app::default_jobs(options) >= 16U); // auto: Claude may answer
   options.engine = "native";
   BOOST_TEST(app::default_jobs(options) >= 1U);
   BOOST_TEST(app::default_jobs(options) <= std::max(1u, std::thread::hardware_concurrency()));
}

BOOST_FIXTURE_TEST_CASE(one_buffer_carries_the_gate_of_that_file, Workspace) {
   const app::AllowedRoots roots({root.string()});
   app::AnalyzeRequest request;
   request.source = {"busy.c", "", branchy()};
   request.has_content = true;
   request.options = native();
   const app::GatedResult gated = app::analyze_with_gate(session, roots, 1 << 20, request);
   BOOST_TEST(!gated.json.has_value()); // kept only when asked for
   boost::json::object result = boost::json::parse(gated.text).as_object();
   const boost::json::value gate = result.at("gate");
   BOOST_TEST(gate.at("profile").as_string() == "default");
   BOOST_TEST(gate.at("passed").as_bool() == false);
   BOOST_TEST(gate.at("violations").to_number<int>() >= 1);

   // The same gate as the report's over that one file.
   result.erase("gate");
   std::string error;
   auto typed = report::parse_file_result(boost::json::serialize(result), false, error);
   BOOST_REQUIRE(typed.has_value());
   std::vector<report::FileOutcome> outcome;
   outcome.emplace_back("busy.c", std::move(*typed), std::string());
   const report::Gate expected = report::evaluate_gate(outcome, "default");
   BOOST_TEST(gate == boost::json::value(report::gate_json(expected)));

   // Kept as an object too (what the MCP tools embed): the same object as the text.
   request.options.keep_result_json = true;
   const app::GatedResult kept = app::analyze_with_gate(session, roots, 1 << 20, request);
   BOOST_REQUIRE(kept.json.has_value());
   BOOST_TEST(boost::json::serialize(*kept.json) == kept.text);
   request.options.keep_result_json = false;

   request.has_content = false; // path only: read under the roots
   request.source = {"clean.c", "", ""};
   write("clean.c", k_simple);
   const auto clean =
       boost::json::parse(app::analyze_with_gate(session, roots, 1 << 20, request).text);
   BOOST_TEST(clean.at("gate").at("passed").as_bool());
   BOOST_TEST(clean.at("path").as_string() == "clean.c");
}
