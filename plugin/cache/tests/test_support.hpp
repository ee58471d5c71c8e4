// SPDX-License-Identifier: MIT
// Shared helpers for the cache tests: a simulated clock, key builders and a scratch directory.
#pragma once

#include <pmat/cache/clock.hpp>
#include <pmat/cache/key.hpp>
#include <pmat/cache/tiered_cache.hpp>
#include <pmat/cache/value.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <random>
#include <string>
#include <unistd.h>

namespace pmat::cache {

// Printable for Boost.Test messages.
inline std::ostream &operator<<(std::ostream &os, Kind k) {
   return os << to_string(k);
}
inline std::ostream &operator<<(std::ostream &os, Source s) {
   return os << static_cast<int>(s);
}

} // namespace pmat::cache

namespace pmat::cache::test {

struct FakeClock {
   std::atomic<std::uint64_t> now{1'000'000'000};
   NowFn fn() {
      return [this] { return now.load(); };
   }
   void advance(std::uint64_t ns) { now += ns; }
};

inline Key key_for(const std::string &content, Engine engine = Engine::Claude) {
   KeyInputs in;
   in.content = content;
   in.language = "rust";
   in.engine = engine;
   in.model = engine == Engine::Claude ? "claude-test" : "";
   in.prompt_version = "p1";
   in.analyzer_version = "0.1.0";
   in.options_json = "{}";
   return make_key(in);
}

// A fresh directory under the build tree's temp area, removed by the destructor.
struct ScratchDir {
   std::filesystem::path path;
   ScratchDir() {
      std::random_device rd;
      path = std::filesystem::temp_directory_path() /
             ("pmat-cache-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
      std::filesystem::create_directories(path);
   }
   ~ScratchDir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
   }
};

} // namespace pmat::cache::test
