// SPDX-License-Identifier: MIT
// Threads: [any-thread] functions called concurrently from 8 threads.
#include "inputs.hpp"
#include "test_case.hpp"

#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

namespace pmat::conformance {

namespace {

constexpr int k_threads = 8;

// TestContext is not thread-safe; workers collect failures here and the test reports them.
struct Shared {
   std::mutex mutex;
   std::vector<std::string> failures;
   std::atomic<int> calls{0};

   void fail(std::string what) {
      std::lock_guard lock(mutex);
      if (failures.size() < 20)
         failures.push_back(std::move(what));
   }
};

std::string own_last_error(const PluginSession &s) {
   const char *text = s.entry().last_error();
   return text == nullptr ? "(NULL)" : std::string(text, strnlen(text, PMAT_LAST_ERROR_MAX));
}

// A worker's own TestContext records buffer and status checks; the failures are merged later.
void worker_calls(TestContext &local, const PluginSession &s, int index, int calls,
                  Shared &shared) {
   const std::string src = sample_source() + "// worker " + std::to_string(index) + "\n";
   const auto good = make_request(src);
   const auto bad = make_request(src, nullptr, nullptr, "{not json");
   for (int i = 0; i < calls; ++i) {
      const auto r = analyze(local, s, i % 4 == 3 ? &bad : &good, "analyze");
      if (i % 4 != 3 && !r.ok())
         shared.fail("thread " + std::to_string(index) + ": analyze returned " +
                     status_text(r.status) + ": " + own_last_error(s));
      if (const auto *m = s.metrics(); m != nullptr && i % 8 == 0)
         call_buffer(local, s, "metrics.render", m->release,
                     [m](pmat_plugin_buffer *b) { return m->render(PMAT_METRICS_JSON, b); });
      ++shared.calls;
   }
}

// An exception must not escape a std::thread (std::terminate would hide the real problem).
void worker(const PluginSession &s, const Options &options, int index, int calls, Shared &shared) {
   TestContext local(options, "concurrent-worker-" + std::to_string(index));
   try {
      worker_calls(local, s, index, calls, shared);
   } catch (const AbortTest &abort) {
      local.fail(abort.reason);
   } catch (const std::exception &e) {
      local.fail(std::string("a C++ exception crossed the ABI boundary (PMAT-ABI-002): ") +
                 e.what());
   } catch (...) {
      local.fail("a foreign exception crossed the ABI boundary (PMAT-ABI-002)");
   }
   for (const auto &f : local.failures())
      shared.fail("thread " + std::to_string(index) + ": " + f);
}

void test_concurrent(TestContext &ctx) {
   PluginSession s(ctx);
   s.init();
   s.analyzer(); // ends the test here, not in eight threads, when the interface is unusable
   const int calls = scaled(ctx, 10, 25, 200);
   Shared shared;
   std::vector<std::thread> threads;
   for (int t = 0; t < k_threads; ++t)
      threads.emplace_back(worker, std::cref(s), std::cref(ctx.options()), t, calls,
                           std::ref(shared));
   for (auto &t : threads)
      t.join();
   for (auto &f : shared.failures)
      ctx.fail(f);
   ctx.note(std::to_string(shared.calls.load()) + " analyze calls from " +
            std::to_string(k_threads) + " threads (every 4th with invalid options)");
}

} // namespace

void add_thread_tests(std::vector<TestCase> &out) {
   out.push_back({"concurrent-analyze", "threads", "[any-thread] tag (no id)", 2,
                  "8 threads call analyze (and metrics.render) concurrently; every result and "
                  "last_error stays consistent.",
                  test_concurrent});
}

} // namespace pmat::conformance
