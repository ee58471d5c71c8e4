// SPDX-License-Identifier: MIT
// Plugin -> worker round trip, against the floors measured in the same run:
//   RawPipeCat   64 B through a pipe to `cat` and back (the kernel floor)
//   RawPipeNode  64 B through `node` echoing stdin to stdout (the Node event-loop floor)
//   WorkerPing   Worker::ping to tests/fake_bridge.mjs (framing + JSON + correlation, both sides)
//   PoolPing     WorkerPool::call("ping"): breaker + acquire + WorkerPing
//   RealBridgePing  Worker::ping to bridge/dist/index.js, when it has been built
// Each reports p50/p99/p999 in microseconds as counters (targets: p50 <= 200 us, p99 <= 1 ms).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <vector>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pmat/bridge/pool.hpp>
#include <pmat/bridge/process.hpp>
#include <pmat/bridge/worker.hpp>

using namespace pmat::bridge;
using Wall = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t k_second = 1'000 * k_ns_per_ms;

void report(benchmark::State &state, std::vector<double> &us) {
   if (us.empty())
      return;
   std::sort(us.begin(), us.end());
   auto at = [&](double q) { return us[static_cast<std::size_t>(q * double(us.size() - 1))]; };
   state.counters["p50_us"] = at(0.50);
   state.counters["p99_us"] = at(0.99);
   state.counters["p999_us"] = at(0.999);
   state.counters["max_us"] = us.back();
}

double since_us(Wall::time_point t0) {
   return std::chrono::duration<double, std::micro>(Wall::now() - t0).count();
}

bool read_exact(int fd, char *buf, std::size_t n) {
   std::size_t got = 0;
   while (got < n) {
      pollfd p{fd, POLLIN, 0};
      ::poll(&p, 1, 5000);
      const ssize_t r = ::read(fd, buf + got, n - got);
      if (r > 0)
         got += static_cast<std::size_t>(r);
      else if (r == 0 || (errno != EAGAIN && errno != EINTR))
         return false;
   }
   return true;
}

void raw_echo(benchmark::State &state, SpawnSpec spec) {
   auto child = ChildProcess::spawn(spec);
   if (!child) {
      state.SkipWithError(child.status().message.c_str());
      return;
   }
   char out[64] = {};
   char in[64];
   std::vector<double> us;
   for (auto _ : state) {
      const auto t0 = Wall::now();
      if (::send(child.value().stdin_fd(), out, sizeof out, MSG_NOSIGNAL) != sizeof out ||
          !read_exact(child.value().stdout_fd(), in, sizeof in)) {
         state.SkipWithError("echo child failed");
         break;
      }
      us.push_back(since_us(t0));
   }
   report(state, us);
}

void BM_RawPipeCat(benchmark::State &state) {
   raw_echo(state, {"/bin/cat", {}, {}});
}
BENCHMARK(BM_RawPipeCat)->Iterations(20000)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_RawPipeNode(benchmark::State &state) {
   raw_echo(state, {"node", {"-e", "process.stdin.pipe(process.stdout)"}, {}});
}
BENCHMARK(BM_RawPipeNode)->Iterations(20000)->UseRealTime()->Unit(benchmark::kMicrosecond);

void ping_worker(benchmark::State &state, const std::string &script) {
   WorkerOptions o;
   o.script = script;
   o.init_timeout_ns = 10 * k_second;
   auto w = Worker::start(o, {});
   if (!w) {
      state.SkipWithError(describe(w.status()).c_str());
      return;
   }
   for (int i = 0; i < 200; ++i) // warm up V8's JIT
      (void)w.value()->ping(k_second);
   std::vector<double> us;
   for (auto _ : state) {
      const auto t0 = Wall::now();
      if (!w.value()->ping(k_second).ok()) {
         state.SkipWithError("ping failed");
         break;
      }
      us.push_back(since_us(t0));
   }
   report(state, us);
}

void BM_WorkerPing(benchmark::State &state) {
   ping_worker(state, PMAT_FAKE_BRIDGE);
}
BENCHMARK(BM_WorkerPing)->Iterations(20000)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_RealBridgePing(benchmark::State &state) {
   if (!std::filesystem::exists(PMAT_REAL_BRIDGE)) {
      state.SkipWithError("bridge/dist/index.js not built (npm ci && npm run build in bridge/)");
      return;
   }
   ping_worker(state, PMAT_REAL_BRIDGE);
}
BENCHMARK(BM_RealBridgePing)->Iterations(20000)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_PoolPing(benchmark::State &state) {
   PoolConfig c;
   c.bridge_path = PMAT_FAKE_BRIDGE;
   c.init_timeout_ms = 10'000;
   c.max_rss_mb = static_cast<std::uint64_t>(state.range(0));
   auto pool = WorkerPool::start(c, {});
   if (!pool) {
      state.SkipWithError(describe(pool.status()).c_str());
      return;
   }
   for (int i = 0; i < 200; ++i)
      (void)pool.value()->call("ping", {});
   std::vector<double> us;
   for (auto _ : state) {
      const auto t0 = Wall::now();
      if (!pool.value()->call("ping", {}).ok()) {
         state.SkipWithError("ping failed");
         break;
      }
      us.push_back(since_us(t0));
   }
   report(state, us);
   state.counters["spawned"] = static_cast<double>(pool.value()->stats().spawned);
}
// Arg = max_rss_mb (0 = no RSS checks).
BENCHMARK(BM_PoolPing)
    ->Arg(1024)
    ->Arg(0)
    ->Iterations(20000)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
