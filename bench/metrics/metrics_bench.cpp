// SPDX-License-Identifier: MIT
// Recording costs of the plugin's metrics, 1 and 2 threads, next to the baseline the shards
// replace: one shared atomic counter that every thread increments.
#include "metrics/registry.hpp"

#include <benchmark/benchmark.h>

#include <atomic>

namespace {

using pmat::plugin::metrics::Counter;
using pmat::plugin::metrics::Histogram;

Counter g_counter;
Histogram g_histogram({0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10});
std::atomic<std::uint64_t> g_shared{0};

void BM_SharedAtomicBaseline(benchmark::State &state) {
   for (auto _ : state)
      g_shared.fetch_add(1, std::memory_order_relaxed);
}
BENCHMARK(BM_SharedAtomicBaseline)->Threads(1)->Threads(2);

void BM_CounterAdd(benchmark::State &state) {
   for (auto _ : state)
      g_counter.add();
}
BENCHMARK(BM_CounterAdd)->Threads(1)->Threads(2);

void BM_HistogramObserve(benchmark::State &state) {
   std::uint64_t ns = 1'000'000; // 1 ms: the fourth bucket, a typical native request
   for (auto _ : state) {
      g_histogram.observe_ns(ns);
      ns ^= 1; // keep the compiler from hoisting the bucket search
   }
}
BENCHMARK(BM_HistogramObserve)->Threads(1)->Threads(2);

} // namespace

BENCHMARK_MAIN();
