// SPDX-License-Identifier: MIT
// Reload: load, init, call, deinit, unload over and over, as a hot-reloading host does.
#include "inputs.hpp"
#include "process_probe.hpp"
#include "test_case.hpp"

#include <chrono>
#include <sys/stat.h>

namespace pmat::conformance {

namespace {

struct Baseline {
   std::size_t threads = 0;
   std::set<int> fds;
};

std::string fd_diff(const std::set<int> &before, const std::set<int> &after) {
   std::string out;
   for (const int fd : after)
      if (before.count(fd) == 0)
         out += " " + std::to_string(fd);
   return out;
}

void one_cycle(TestContext &ctx, int cycle) {
   PluginSession s(ctx);
   s.init();
   const std::string src = sample_source();
   const auto req = make_request(src);
   expect_json_object(ctx,
                      analyze(ctx, s, &req, "analyze in reload cycle " + std::to_string(cycle)),
                      "analyze in reload cycle " + std::to_string(cycle));
}

// Checks after one cycle; returns false once the test should stop (the failure repeats).
bool check_cycle(TestContext &ctx, const struct stat &file, const Baseline &base, int cycle) {
   const std::string when = "after reload cycle " + std::to_string(cycle) + ": ";
   const std::size_t maps = mappings_of(file.st_dev, file.st_ino);
   const bool unmapped = ctx.expect(
       maps == 0, when + std::to_string(maps) +
                      " mappings of the plugin file remain after dlclose (GNU_UNIQUE symbols, "
                      "thread_local destructors or NODELETE keep it loaded)");
   const std::size_t threads = settle_thread_count(base.threads, 500);
   const bool joined =
       ctx.expect(threads <= base.threads, when + std::to_string(threads - base.threads) +
                                               " threads more than before the first load");
   const auto fds = open_fds();
   const bool closed = ctx.expect(fds.size() <= base.fds.size(),
                                  when + "file descriptors leaked:" + fd_diff(base.fds, fds));
   return unmapped && joined && closed;
}

void test_reload(TestContext &ctx) {
   struct stat file {};
   ctx.require(::stat(ctx.options().plugin.c_str(), &file) == 0, "cannot stat the plugin");
   const int cycles = scaled(ctx, 10, 100, 100);
   const auto start = std::chrono::steady_clock::now();
   // The first cycle may open process-wide things once (locale files, /dev/urandom);
   // from then on nothing may grow.
   Baseline base{thread_count(), {}};
   one_cycle(ctx, 1);
   base.fds = open_fds();
   bool ok = check_cycle(ctx, file, base, 1);
   for (int i = 2; ok && i <= cycles; ++i) {
      one_cycle(ctx, i);
      ok = check_cycle(ctx, file, base, i);
   }
   const double seconds =
       std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
   ctx.note(std::to_string(cycles) + " load/init/analyze/deinit/dlclose cycles in " +
            std::to_string(seconds) + " s");
}

} // namespace

void add_reload_tests(std::vector<TestCase> &out) {
   out.push_back({"reload-cycles", "reload", "PMAT-ABI-092, PMAT-ABI-102", 2,
                  "100 load/init/analyze/deinit/dlclose cycles (10 at level 2) leave no mapping "
                  "of the file, no thread and no fd behind.",
                  test_reload});
}

} // namespace pmat::conformance
