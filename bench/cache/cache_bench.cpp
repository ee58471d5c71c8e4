// SPDX-License-Identifier: MIT
// Hit costs exclude key hashing (the key is built once per request, before the lookup); key
// building is measured on its own. Keys are spread over all shards, like real traffic.
// The disk tier's write and verified read are measured with a 1 KiB payload (a native result for
// an average gnulib file is ~0.9 KB) in a fresh directory under $TMPDIR: what decides whether a
// result is worth persisting (docs/cache.md, "What goes where").
#include <pmat/cache/disk_store.hpp>
#include <pmat/cache/key.hpp>
#include <pmat/cache/l1_cache.hpp>
#include <pmat/cache/tiered_cache.hpp>

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace pmat::cache;

namespace {

std::atomic<std::uint64_t> g_now{1};
const NowFn k_clock = [] { return g_now.load(std::memory_order_relaxed); };

Key key_of(int i) {
   const std::string content = "int f" + std::to_string(i) + "() { return 0; }";
   KeyInputs in;
   in.content = content;
   in.language = "c";
   in.model = "claude";
   return make_key(in);
}

const std::vector<Key> &keys() {
   static const std::vector<Key> k_k = [] {
      std::vector<Key> v;
      for (int i = 0; i < 1024; ++i)
         v.push_back(key_of(i));
      return v;
   }();
   return k_k;
}

void BM_L1Hit(benchmark::State &state) {
   static L1Cache *cache = nullptr;
   if (state.thread_index() == 0) {
      cache = new L1Cache({}, k_clock);
      for (const auto &k : keys())
         cache->put(k, std::make_shared<const Value>(Value{Kind::Claude, std::string(2048, 'x')}),
                    UINT64_MAX / 2);
   }
   std::size_t i = static_cast<std::size_t>(state.thread_index()) * 512;
   for (auto _ : state) {
      ValuePtr v = cache->get(keys()[i++ & 1023]);
      benchmark::DoNotOptimize(v);
   }
   if (state.thread_index() == 0) {
      delete cache;
      cache = nullptr;
   }
}
BENCHMARK(BM_L1Hit)->Threads(1)->Threads(2)->UseRealTime();

void BM_TieredHit(benchmark::State &state) {
   static TieredCache *cache = nullptr;
   if (state.thread_index() == 0) {
      cache = new TieredCache({}, k_clock);
      for (const auto &k : keys())
         cache->get_or_load(k, [] { return LoadResult::answer(Kind::Claude, "v"); });
   }
   const TieredCache::Loader loader = [] { return LoadResult::error("bench", "miss"); };
   std::size_t i = static_cast<std::size_t>(state.thread_index()) * 512;
   for (auto _ : state) {
      Lookup r = cache->get_or_load(keys()[i++ & 1023], loader);
      benchmark::DoNotOptimize(r);
   }
   if (state.thread_index() == 0) {
      delete cache;
      cache = nullptr;
   }
}
BENCHMARK(BM_TieredHit)->Threads(1)->Threads(2)->UseRealTime();

void BM_MakeKey(benchmark::State &state) {
   const std::string content(static_cast<std::size_t>(state.range(0)), 'c');
   KeyInputs in;
   in.content = content;
   in.language = "c";
   in.model = "claude";
   in.options_json = R"({"profile":"default"})";
   for (auto _ : state) {
      Key k = make_key(in);
      benchmark::DoNotOptimize(k);
   }
   state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_MakeKey)->Arg(64)->Arg(4096)->Arg(65536);

// A scratch directory for the disk tier, removed at the end of the benchmark.
struct DiskFixture {
   std::filesystem::path dir;
   DiskStore *store = nullptr;
   DiskFixture() {
      std::string pattern = (std::filesystem::temp_directory_path() / "pmat-bench-XXXXXX").string();
      dir = ::mkdtemp(pattern.data()) ? pattern : std::string();
      store = new DiskStore({.dir = dir}, k_clock);
   }
   ~DiskFixture() {
      delete store;
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
   }
};

const Value k_disk_value{Kind::Claude, std::string(1024, 'x')};

// Arg 0: every write is a new entry (a cold run); arg 1: writes replace existing entries.
void BM_DiskPut(benchmark::State &state) {
   DiskFixture disk;
   const bool replace = state.range(0) == 1;
   int i = 0;
   for (auto _ : state) {
      state.PauseTiming();
      const Key k = replace ? keys()[static_cast<std::size_t>(i++ & 1023)] : key_of(2000 + i++);
      state.ResumeTiming();
      disk.store->put(k, k_disk_value, UINT64_MAX / 2);
   }
   state.counters["failures"] = static_cast<double>(disk.store->stats().write_failures);
}
BENCHMARK(BM_DiskPut)->Arg(0)->Arg(1)->UseRealTime();

void BM_DiskGet(benchmark::State &state) {
   DiskFixture disk;
   for (const auto &k : keys())
      disk.store->put(k, k_disk_value, UINT64_MAX / 2);
   std::size_t i = 0;
   for (auto _ : state) {
      ValuePtr v = disk.store->get(keys()[i++ & 1023]);
      benchmark::DoNotOptimize(v);
   }
   state.counters["hits"] = static_cast<double>(disk.store->stats().hits);
}
BENCHMARK(BM_DiskGet)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
