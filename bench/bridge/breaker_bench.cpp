// SPDX-License-Identifier: MIT
// Closed-path cost of the circuit breaker (target: <= 50 ns per check, no allocation; the
// allocation half is asserted in plugin/bridge/tests/test_breaker.cpp).
#include <benchmark/benchmark.h>

#include <pmat/bridge/breaker.hpp>

using namespace pmat::bridge;

namespace {

// A host clock is a call through a function pointer; model it with steady_clock.
const Clock &host_like_clock() {
   return SteadyClock::instance();
}

void BM_BreakerTryAcquireClosed(benchmark::State &state) {
   static CircuitBreaker breaker(BreakerConfig{}, host_like_clock());
   for (auto _ : state)
      benchmark::DoNotOptimize(breaker.try_acquire());
}
BENCHMARK(BM_BreakerTryAcquireClosed)->ThreadRange(1, 8)->UseRealTime();

// One protected call's full bookkeeping on the closed path: admission plus recording a success
// (clock read and two relaxed atomic adds into the current window bucket).
void BM_BreakerAcquireAndRecordSuccess(benchmark::State &state) {
   static CircuitBreaker breaker(BreakerConfig{}, host_like_clock());
   for (auto _ : state) {
      const Admission a = breaker.try_acquire();
      breaker.record_success(a);
      benchmark::DoNotOptimize(a);
   }
}
BENCHMARK(BM_BreakerAcquireAndRecordSuccess)->ThreadRange(1, 8)->UseRealTime();

void BM_BreakerRejectOpen(benchmark::State &state) {
   static CircuitBreaker breaker(BreakerConfig{}, host_like_clock());
   while (breaker.state() != BreakerState::open) // tripped the way production trips it
      breaker.record_failure(breaker.try_acquire());
   for (auto _ : state)
      benchmark::DoNotOptimize(breaker.try_acquire());
}
BENCHMARK(BM_BreakerRejectOpen);

} // namespace

BENCHMARK_MAIN();
