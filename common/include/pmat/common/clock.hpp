// SPDX-License-Identifier: MIT
// Time as the plugin's parts take it: an injected function returning nanoseconds, so decision
// logic never reads a system clock itself and tests drive every TTL, backoff and window with a
// simulated one. The two readers of the real clocks are here, for the production wiring and for
// callers with no host clock (benchmarks, standalone tools).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace pmat::common {

// Returns nanoseconds: monotonic (the host's now_ns) or wall (Unix epoch), as its user documents.
// Must be callable from any thread.
using NowFn = std::function<std::uint64_t()>;

// std::chrono::steady_clock in nanoseconds (arbitrary epoch). Thread-safe.
inline std::uint64_t monotonic_now_ns() noexcept {
   const auto since = std::chrono::steady_clock::now().time_since_epoch();
   return static_cast<std::uint64_t>(
       std::chrono::duration_cast<std::chrono::nanoseconds>(since).count());
}

// std::chrono::system_clock in nanoseconds since the Unix epoch: for expiry times that must mean
// the same thing after a restart. Thread-safe.
inline std::uint64_t wall_now_ns() noexcept {
   const auto since = std::chrono::system_clock::now().time_since_epoch();
   return static_cast<std::uint64_t>(
       std::chrono::duration_cast<std::chrono::nanoseconds>(since).count());
}

} // namespace pmat::common
