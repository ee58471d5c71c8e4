// SPDX-License-Identifier: MIT
#include <pmat/bridge/clock.hpp>

#include <chrono>

namespace pmat::bridge {

std::uint64_t SteadyClock::now_ns() const noexcept {
   const auto since = std::chrono::steady_clock::now().time_since_epoch();
   return static_cast<std::uint64_t>(
       std::chrono::duration_cast<std::chrono::nanoseconds>(since).count());
}

const SteadyClock &SteadyClock::instance() noexcept {
   static const SteadyClock clock;
   return clock;
}

} // namespace pmat::bridge
