// SPDX-License-Identifier: MIT
// Lifecycle: init/deinit pairs, what deinit must stop, and how the plugin uses the host.
#include "inputs.hpp"
#include "process_probe.hpp"
#include "suite_host.hpp"
#include "test_case.hpp"

#include <chrono>
#include <thread>

namespace pmat::conformance {

namespace {

constexpr int k_settle_ms = 500;

void analyze_ok(TestContext &ctx, const PluginSession &s, const std::string &call) {
   const std::string src = sample_source();
   const auto req = make_request(src);
   expect_json_object(ctx, analyze(ctx, s, &req, call), call);
}

void test_host_callbacks(TestContext &ctx) {
   {
      PluginSession s(ctx);
      s.init();
      for (int i = 0; i < 5; ++i)
         analyze_ok(ctx, s, "analyze");
      s.deinit();
      // Late callbacks from threads deinit failed to stop land in the violation list.
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
   }
   auto &host = SuiteHost::instance();
   ctx.note("the plugin wrote " + std::to_string(host.log_count()) + " log records");
   for (const auto &v : host.take_violations())
      ctx.fail("host contract broken by the plugin: " + v);
}

void test_repeat(TestContext &ctx) {
   PluginSession s(ctx);
   const std::size_t threads = thread_count();
   const int cycles = scaled(ctx, 3, 5, 50);
   for (int i = 0; i < cycles; ++i) {
      s.init();
      analyze_ok(ctx, s, "analyze in init/deinit cycle " + std::to_string(i + 1));
      s.deinit();
      const std::size_t now = settle_thread_count(threads, k_settle_ms);
      ctx.require(now <= threads, "after cycle " + std::to_string(i + 1) + " " +
                                      std::to_string(now - threads) + " plugin threads remain");
   }
   ctx.note(std::to_string(cycles) + " init/deinit cycles in one load");
}

void test_deinit_joins(TestContext &ctx) {
   PluginSession s(ctx);
   const std::size_t threads = thread_count();
   const std::size_t children = child_process_count();
   s.init();
   for (int i = 0; i < 5; ++i)
      analyze_ok(ctx, s, "analyze");
   ctx.note("while initialised: " + std::to_string(thread_count() - threads) + " plugin threads, " +
            std::to_string(child_process_count() - children) + " child processes");
   s.deinit();
   const std::size_t left = settle_thread_count(threads, k_settle_ms);
   ctx.expect(left <= threads, std::to_string(left - threads) +
                                   " threads still run after deinit returned (PMAT-ABI-102)");
   const std::size_t kids = child_process_count();
   ctx.expect(kids <= children, std::to_string(kids - children) +
                                    " child processes not reaped after deinit (PMAT-ABI-102)");
}

} // namespace

void add_lifecycle_tests(std::vector<TestCase> &out) {
   out.insert(out.end(),
              {
                  {"host-callbacks-valid", "lifecycle", "PMAT-ABI-040, PMAT-ABI-041", 2,
                   "The plugin calls log, now_ns and config_get only with valid arguments and "
                   "only between init and deinit.",
                   test_host_callbacks},
                  {"init-deinit-repeat", "lifecycle", "PMAT-ABI-101", 2,
                   "init/deinit pairs repeat in one load (3, 5 or 50 times by level) and "
                   "analyze works in each.",
                   test_repeat},
                  {"deinit-joins-threads", "lifecycle", "PMAT-ABI-102", 2,
                   "After deinit no plugin thread runs and no child process is left "
                   "(/proc/self/task).",
                   test_deinit_joins},
              });
}

} // namespace pmat::conformance
