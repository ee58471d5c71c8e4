// SPDX-License-Identifier: MIT
// Test helper: wait for the event a test needs, never for a guessed time. Polls a condition
// until it holds or a deadline passes; every suite that waits on something asynchronous (a
// reload, a pool's workers, a Redis push, a log line from another pipe) uses this one.
#pragma once

#include <chrono>
#include <thread>

namespace pmat::test {

// Calls `condition` until it returns true (then returns true) or `limit` has passed since the
// call began (then returns false, after one last check). Polls every `interval`. `condition`
// runs on the calling thread and must be safe to call repeatedly.
template <typename Condition>
bool eventually(Condition &&condition, std::chrono::milliseconds limit = std::chrono::seconds(10),
                std::chrono::milliseconds interval = std::chrono::milliseconds(2)) {
   const auto deadline = std::chrono::steady_clock::now() + limit;
   while (!condition()) {
      if (std::chrono::steady_clock::now() >= deadline)
         return condition();
      std::this_thread::sleep_for(interval);
   }
   return true;
}

} // namespace pmat::test
