// SPDX-License-Identifier: MIT
// Readers evaluate while a writer flips the kill switch through the API and the file: every
// decision is one of the two consistent answers (ThreadSanitizer checks the publication in CI).
#include <pmat/flags/store.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace pmat::flags;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_CASE(concurrent_evaluate_and_edit) {
   const fs::path dir =
       fs::temp_directory_path() / ("pmat-flags-conc-" + std::to_string(::getpid()) + "-" +
                                    std::to_string(std::random_device{}()));
   StoreOptions o;
   o.file = dir / "flags.json";
   o.check_interval_ns = 0; // every evaluate checks the file: the most contended setting
   std::atomic<std::uint64_t> now{1};
   FlagStore s(o, [&] { return now.fetch_add(1); });
   s.edit([](FlagsConfig &c) { c.strategy = Strategy::FullRollout; });

   std::atomic<bool> stop{false};
   std::atomic<int> inconsistent{0};
   std::atomic<long> evaluations{0};
   std::vector<std::thread> readers;
   for (int t = 0; t < 3; ++t)
      readers.emplace_back([&] {
         while (!stop.load()) {
            const Decision d = s.evaluate({"user:x", EngineRequest::Auto});
            const bool ok = (d.use_claude && d.reason == Reason::FullRollout) ||
                            (!d.use_claude && d.reason == Reason::KillSwitch);
            inconsistent.fetch_add(ok ? 0 : 1);
            evaluations.fetch_add(1);
         }
      });
   for (int i = 0; i < 200; ++i)
      BOOST_TEST_REQUIRE(s.set_kill_switch(i % 2 == 0).ok);
   stop = true;
   for (auto &t : readers)
      t.join();
   BOOST_TEST(inconsistent.load() == 0);
   BOOST_TEST(evaluations.load() > 0);
   BOOST_TEST(s.counters().generation >= 201u);
   std::error_code ec;
   fs::remove_all(dir, ec);
}
