// SPDX-License-Identifier: MIT
// Time is injected: the plugin passes the host's now_ns (monotonic) and, for the persistent
// tiers whose expiry must survive a restart, a wall clock. The cache's logic never reads a
// system clock itself, so tests drive every TTL and backoff with a simulated clock.
#pragma once

#include <pmat/common/clock.hpp>

namespace pmat::cache {

// Returns nanoseconds. Must be callable from any thread.
using pmat::common::NowFn;

// The production wall clock (Unix epoch, ns) for the persistent tiers. Lives in its own file so
// the one place that reads the system clock is easy to find; tests never use it.
NowFn system_wall_clock();

} // namespace pmat::cache
