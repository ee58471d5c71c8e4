// SPDX-License-Identifier: MIT
// The one place in pmat_cache that reads the system clock: the production wall clock handed to
// the persistent tiers, whose expiry times must mean the same thing after a restart.
#include <pmat/cache/clock.hpp>

#include <chrono>

namespace pmat::cache {

NowFn system_wall_clock() {
   return [] {
      const auto t = std::chrono::system_clock::now().time_since_epoch();
      return static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(t).count());
   };
}

} // namespace pmat::cache
