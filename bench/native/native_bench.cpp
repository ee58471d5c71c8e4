// SPDX-License-Identifier: MIT
// Throughput of the native analyzer (typed result, no JSON) over real source trees, one thread:
//   C    /usr/share/gnulib/lib/**/*.c            (Debian gnulib)
//   C++  /usr/include/boost/json/**/*.{hpp,ipp}  (Debian libboost-json1.81-dev)
//   Rust /usr/share/cargo/registry/**/*.rs       (Debian librust-syn-dev and its dependencies)
// Each iteration analyses every file of the corpus once; bytes/s is reported per benchmark.
#include <pmat/native/analysis.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using pmat::native::Language;

struct Corpus {
   std::vector<std::string> contents;
   std::size_t bytes = 0;
};

Corpus load(const std::filesystem::path &root, const std::vector<std::string> &extensions) {
   Corpus corpus;
   if (!std::filesystem::is_directory(root)) {
      return corpus;
   }
   for (const auto &entry : std::filesystem::recursive_directory_iterator(root)) {
      const auto ext = entry.path().extension().string();
      if (!entry.is_regular_file() ||
          std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) {
         continue;
      }
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream buffer;
      buffer << in.rdbuf();
      corpus.bytes += buffer.str().size();
      corpus.contents.push_back(buffer.str());
   }
   return corpus;
}

void analyse_corpus(benchmark::State &state, const Corpus &corpus, Language language) {
   if (corpus.contents.empty()) {
      state.SkipWithError("corpus not installed (see packaging/install-deps.sh)");
      return;
   }
   const pmat::native::Options options;
   std::size_t functions = 0;
   for (auto _ : state) {
      for (const auto &content : corpus.contents) {
         const auto result = pmat::native::analyze("bench", language, content, options);
         functions += result.functions_total;
         benchmark::DoNotOptimize(result.total_complexity);
      }
   }
   state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * corpus.bytes));
   state.counters["files"] = static_cast<double>(corpus.contents.size());
   state.counters["corpus_MB"] = static_cast<double>(corpus.bytes) / 1e6;
   state.counters["functions"] =
       static_cast<double>(functions) / static_cast<double>(state.iterations());
}

void BM_C_gnulib(benchmark::State &state) {
   static const Corpus k_corpus = load("/usr/share/gnulib/lib", {".c"});
   analyse_corpus(state, k_corpus, Language::C);
}

void BM_Cpp_boost_json(benchmark::State &state) {
   static const Corpus k_corpus = load("/usr/include/boost/json", {".hpp", ".ipp"});
   analyse_corpus(state, k_corpus, Language::Cpp);
}

void BM_Rust_cargo_registry(benchmark::State &state) {
   static const Corpus k_corpus = load("/usr/share/cargo/registry", {".rs"});
   analyse_corpus(state, k_corpus, Language::Rust);
}

BENCHMARK(BM_C_gnulib)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Cpp_boost_json)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_Rust_cargo_registry)->Unit(benchmark::kMillisecond)->MinTime(2.0);

} // namespace

BENCHMARK_MAIN();
