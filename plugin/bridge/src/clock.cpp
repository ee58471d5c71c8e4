// SPDX-License-Identifier: MIT
#include <pmat/bridge/clock.hpp>

#include <pmat/common/clock.hpp>

namespace pmat::bridge {

std::uint64_t SteadyClock::now_ns() const noexcept {
   return pmat::common::monotonic_now_ns();
}

const SteadyClock &SteadyClock::instance() noexcept {
   static const SteadyClock k_clock;
   return k_clock;
}

} // namespace pmat::bridge
