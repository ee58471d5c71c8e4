// SPDX-License-Identifier: MIT
// The per-request flag decision: FlagStore::evaluate = the rate-limited file check (one clock
// read + one relaxed load when not due) + one acquire load of the snapshot + the decision, with a
// percentage split (murmur3 of salt + caller id) as the most expensive strategy.
#include <pmat/flags/bucket.hpp>
#include <pmat/flags/store.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

using namespace pmat::flags;

namespace {

std::vector<std::string> callers() {
   std::vector<std::string> ids;
   for (int i = 0; i < 1024; ++i)
      ids.push_back("project:/home/ci/builds/repository-" + std::to_string(i));
   return ids;
}

// The host's now_ns is a monotonic clock read; the benchmark uses the same cost.
std::uint64_t steady_ns() {
   return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::steady_clock::now().time_since_epoch())
                                         .count());
}

void BM_Evaluate(benchmark::State &state) {
   static FlagStore *store = nullptr;
   static const std::vector<std::string> k_ids = callers();
   if (state.thread_index() == 0) {
      store = new FlagStore(StoreOptions{}, steady_ns);
      store->edit([](FlagsConfig &c) {
         c.strategy = Strategy::Percentage;
         c.percentage = 30;
         c.allowlist = {"user:alice", "user:bob", "project:/src/pmat"};
      });
   }
   std::size_t i = static_cast<std::size_t>(state.thread_index()) * 512;
   for (auto _ : state) {
      Decision d = store->evaluate(EvalContext{k_ids[i++ & 1023], EngineRequest::Auto});
      benchmark::DoNotOptimize(d);
   }
   if (state.thread_index() == 0) {
      delete store;
      store = nullptr;
   }
}
BENCHMARK(BM_Evaluate)->Threads(1)->Threads(2)->UseRealTime();

void BM_Bucket(benchmark::State &state) {
   static const std::vector<std::string> k_ids = callers();
   std::size_t i = 0;
   for (auto _ : state)
      benchmark::DoNotOptimize(normalized_value("pmat.claude", k_ids[i++ & 1023]));
}
BENCHMARK(BM_Bucket);

void BM_RecordClaudeResult(benchmark::State &state) {
   static FlagStore *store = nullptr;
   if (state.thread_index() == 0)
      store = new FlagStore(StoreOptions{}, steady_ns);
   for (auto _ : state)
      store->record_claude_result(true, 1'000'000);
   if (state.thread_index() == 0) {
      delete store;
      store = nullptr;
   }
}
BENCHMARK(BM_RecordClaudeResult)->Threads(1)->Threads(2)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
