// SPDX-License-Identifier: MIT
// Wall-clock milliseconds since the epoch, for timestamps shown to operators and shared between
// hosts (the monotonic now_ns of one host means nothing to another).
#pragma once

#include <chrono>
#include <cstdint>

namespace pmat::flags {

inline std::uint64_t wall_clock_ms() noexcept {
   return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
}

} // namespace pmat::flags
