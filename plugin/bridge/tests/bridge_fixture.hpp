// SPDX-License-Identifier: MIT
// Shared by the worker and pool tests: where node and the fake bridge are, and a log sink that
// records what the library logged.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <pmat/bridge/worker.hpp>
#include <pmat_test/eventually.hpp>

namespace pmat::bridge::test {

class LogCapture {
 public:
   LogFn sink() {
      return [this](LogLevel level, std::string_view text) {
         std::lock_guard lock(mutex_);
         lines_.emplace_back(level, std::string(text));
      };
   }
   bool contains(std::string_view needle, LogLevel at_least = LogLevel::trace) const {
      std::lock_guard lock(mutex_);
      for (const auto &[level, text] : lines_)
         if (level >= at_least && text.find(needle) != std::string::npos)
            return true;
      return false;
   }
   // contains(), waiting up to `timeout` for the line: stderr is its own pipe, so a line the
   // child wrote before answering on stdout may still be on its way when the answer arrives.
   bool eventually_contains(std::string_view needle,
                            std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
      return pmat::test::eventually([&] { return contains(needle); }, timeout);
   }
   std::size_t count(std::string_view needle) const {
      std::lock_guard lock(mutex_);
      std::size_t n = 0;
      for (const auto &entry : lines_)
         n += entry.second.find(needle) != std::string::npos ? 1 : 0;
      return n;
   }
   std::string dump() const {
      std::lock_guard lock(mutex_);
      std::string out;
      for (const auto &entry : lines_)
         out += entry.second + "\n";
      return out;
   }

 private:
   mutable std::mutex mutex_;
   std::vector<std::pair<LogLevel, std::string>> lines_;
};

inline bool have_node() {
   return std::string_view(PMAT_NODE_EXECUTABLE).size() > 0;
}

// Options that run tests/fake_bridge.mjs; init timeout generous because the CI machine is shared.
inline WorkerOptions fake_options(std::vector<std::string> env = {}) {
   WorkerOptions o;
   o.node = PMAT_NODE_EXECUTABLE;
   o.script = PMAT_FAKE_BRIDGE;
   o.env = std::move(env);
   o.init_timeout_ns = 10'000 * k_ns_per_ms;
   o.stop_grace_ns = 3'000 * k_ns_per_ms;
   return o;
}

// Suites that need node use `* boost::unit_test::precondition(node_available)`: without node
// they are reported as skipped, with the reason, instead of passing vacuously.
inline boost::test_tools::assertion_result node_available(boost::unit_test::test_unit_id) {
   boost::test_tools::assertion_result r(have_node());
   r.message() << "node was not found when CMake configured the build";
   return r;
}

} // namespace pmat::bridge::test
