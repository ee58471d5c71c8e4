// SPDX-License-Identifier: MIT
// What the plugin boundary costs: the same analysis called directly in C++, through the C ABI
// (dlopen + vtable), and through the host shim's C API (generation pin + result copy); and how
// long a hot reload takes from rename to the new generation serving.
#include <pmat/host_shim.h>
#include <pmat/native/analysis.hpp>
#include <pmat/plugin_api.h>

#include <benchmark/benchmark.h>
#include <boost/json/serialize.hpp>

#include <dlfcn.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;

const std::string k_source = "int clamp(int v, int lo, int hi) {\n"
                             "   if (v < lo)\n      return lo;\n"
                             "   if (v > hi)\n      return hi;\n   return v;\n}\n";

void quiet_log(const pmat_host *, pmat_log_level, const char *) {}
std::uint64_t clock_ns(const pmat_host *) {
   return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}
pmat_status no_config(const pmat_host *, const char *, char *, size_t, size_t *) {
   return PMAT_STATUS_NOT_FOUND;
}
const pmat_host k_host = {
    sizeof(pmat_host), PMAT_ABI_VERSION_INIT, "bench", nullptr, quiet_log, clock_ns, no_config};

pmat_analyze_request request_for(const std::string &content) {
   pmat_analyze_request request{};
   request.struct_size = sizeof request;
   request.path = "bench.c";
   request.language = "c";
   request.content = reinterpret_cast<const std::uint8_t *>(content.data());
   request.content_size = content.size();
   request.options_json = "{\"engine\":\"native\"}";
   return request;
}

// A plugin opened with dlopen and initialised, as a host without the shim would use it.
struct DirectPlugin {
   void *handle = nullptr;
   const pmat_entry_point *entry = nullptr;
   const pmat_analyzer *analyzer = nullptr;
   explicit DirectPlugin(const char *path) {
      handle = ::dlopen(path, RTLD_NOW | RTLD_LOCAL);
      if (!handle)
         throw std::runtime_error(::dlerror());
      entry = static_cast<const pmat_entry_point *>(::dlsym(handle, PMAT_PLUGIN_ENTRY_SYMBOL));
      if (entry->init(&k_host) != PMAT_STATUS_OK)
         throw std::runtime_error("init failed");
      analyzer =
          static_cast<const pmat_analyzer *>(entry->get_interface(PMAT_ANALYZER_INTERFACE_ID));
   }
   ~DirectPlugin() {
      entry->deinit();
      ::dlclose(handle);
   }
};

// A private plugins directory holding one build, opened through the shim.
struct ShimDir {
   fs::path root;
   pmat_shim *shim = nullptr;
   explicit ShimDir(const char *build, int watch = 0) {
      std::string pattern = (fs::temp_directory_path() / "pmat-bench-XXXXXX").string();
      root = ::mkdtemp(pattern.data());
      fs::create_directory(root / "plugins");
      install(build);
      pmat_shim_options options{};
      options.struct_size = sizeof options;
      const std::string dir = (root / "plugins").string(), stage = (root / "stage").string();
      options.plugin_dir = dir.c_str();
      options.staging_dir = stage.c_str();
      options.watch = watch;
      options.log = [](void *, pmat_log_level, const char *) {};
      if (pmat_shim_open(&options, &shim) != PMAT_STATUS_OK)
         throw std::runtime_error(pmat_shim_last_error());
   }
   ~ShimDir() {
      pmat_shim_close(shim);
      fs::remove_all(root);
   }
   void install(const char *build) const {
      fs::copy_file(build, root / "plugins" / ".next.tmp", fs::copy_options::overwrite_existing);
      fs::rename(root / "plugins" / ".next.tmp", root / "plugins" / "libplugin.so");
   }
   std::string version() const {
      char *json = nullptr;
      std::size_t size = 0;
      pmat_shim_status(shim, &json, &size);
      const std::string text(json, size);
      pmat_shim_free(json);
      const auto at = text.find("\"version\":\"") + 11;
      return text.substr(at, text.find('"', at) - at);
   }
};

// The baseline: the same analysis and the same JSON text, produced by a direct C++ call.
void BM_NativeDirectCall(benchmark::State &state) {
   for (auto _ : state)
      benchmark::DoNotOptimize(
          boost::json::serialize(pmat::native::analyze_file("bench.c", "c", k_source, {})));
}
BENCHMARK(BM_NativeDirectCall);

void BM_NativeThroughAbi(benchmark::State &state) {
   DirectPlugin plugin(PMAT_BENCH_CLAUDE_PLUGIN);
   const auto request = request_for(k_source);
   for (auto _ : state) {
      pmat_plugin_buffer result{};
      plugin.analyzer->analyze(&request, &result);
      benchmark::DoNotOptimize(result.data);
      plugin.analyzer->release(&result);
   }
}
BENCHMARK(BM_NativeThroughAbi);

void BM_NativeThroughShim(benchmark::State &state) {
   ShimDir dir(PMAT_BENCH_CLAUDE_PLUGIN);
   const auto request = request_for(k_source);
   for (auto _ : state) {
      char *json = nullptr;
      std::size_t size = 0;
      pmat_shim_analyze(dir.shim, &request, &json, &size);
      benchmark::DoNotOptimize(json);
      pmat_shim_free(json);
   }
}
BENCHMARK(BM_NativeThroughShim);

// The C example plugin does almost nothing, so these two isolate the boundary's own cost.
void BM_TrivialPluginThroughAbi(benchmark::State &state) {
   DirectPlugin plugin(PMAT_BENCH_EXAMPLE_PLUGIN);
   const auto request = request_for(k_source);
   for (auto _ : state) {
      pmat_plugin_buffer result{};
      plugin.analyzer->analyze(&request, &result);
      benchmark::DoNotOptimize(result.data);
      plugin.analyzer->release(&result);
   }
}
BENCHMARK(BM_TrivialPluginThroughAbi);

void BM_TrivialPluginThroughShim(benchmark::State &state) {
   ShimDir dir(PMAT_BENCH_EXAMPLE_PLUGIN);
   const auto request = request_for(k_source);
   for (auto _ : state) {
      char *json = nullptr;
      std::size_t size = 0;
      pmat_shim_analyze(dir.shim, &request, &json, &size);
      benchmark::DoNotOptimize(json);
      pmat_shim_free(json);
   }
}
BENCHMARK(BM_TrivialPluginThroughShim)->Threads(1)->Threads(2);

// Manual reload of the real plugin: stage, ELF check, dlopen, validate, init, smoke call, state
// hand-off, swap.
void BM_ReloadManual(benchmark::State &state) {
   const char *builds[] = {PMAT_BENCH_CLAUDE_PLUGIN, PMAT_BENCH_CLAUDE_NEXT};
   ShimDir dir(builds[0]);
   int next = 1;
   for (auto _ : state) {
      state.PauseTiming();
      dir.install(builds[next]);
      next ^= 1;
      state.ResumeTiming();
      if (pmat_shim_reload(dir.shim) != PMAT_STATUS_OK)
         state.SkipWithError(pmat_shim_last_error());
   }
}
BENCHMARK(BM_ReloadManual)->Unit(benchmark::kMicrosecond)->Iterations(40);

// From rename(2) to the new generation answering, with inotify and the 150 ms debounce.
void BM_RenameToServing(benchmark::State &state) {
   const char *builds[] = {PMAT_BENCH_EXAMPLE_PLUGIN, PMAT_BENCH_EXAMPLE_V2};
   const char *versions[] = {"1.0.0", "2.0.0"};
   ShimDir dir(builds[0], 1);
   int next = 1;
   for (auto _ : state) {
      const auto started = std::chrono::steady_clock::now();
      dir.install(builds[next]);
      while (dir.version() != versions[next])
         std::this_thread::sleep_for(std::chrono::microseconds(200));
      state.SetIterationTime(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      next ^= 1;
   }
}
BENCHMARK(BM_RenameToServing)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(10);

} // namespace

BENCHMARK_MAIN();
