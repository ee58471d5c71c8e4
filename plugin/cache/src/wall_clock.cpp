// SPDX-License-Identifier: MIT
// The one place in pmat_cache that reads the system clock: the production wall clock handed to
// the persistent tiers, whose expiry times must mean the same thing after a restart.
#include <pmat/cache/clock.hpp>

namespace pmat::cache {

NowFn system_wall_clock() {
   return [] { return pmat::common::wall_now_ns(); };
}

} // namespace pmat::cache
