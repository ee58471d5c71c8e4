// SPDX-License-Identifier: MIT
// Fleet-wide auto-rollback (docs/flags.md "Fleet auto-rollback"): each host counts its Claude
// results per wall-clock window (windows are aligned on the epoch, so every host cuts time at the
// same instants), the counts are added up in the shared source, and the breach rule of
// RollbackMonitor is applied to the fleet's sums, so a few hosts with 5 requests each trip it
// together once their total reaches min_requests.
#pragma once

#include "config.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pmat::flags {

// Upper bounds (ms) of the latency histogram published with the counts; the last is +Inf.
inline constexpr std::array<std::uint32_t, 7> k_fleet_latency_bounds_ms = {100,  250,  500,  1000,
                                                                           2500, 5000, 10000};

struct WindowCounts {
   std::uint64_t index = 0; // wall-clock ms / window_ms
   std::uint64_t requests = 0;
   std::uint64_t errors = 0;
   std::uint64_t slow = 0; // latency > the p95 threshold
   std::array<std::uint64_t, k_fleet_latency_bounds_ms.size() + 1> buckets{}; // not cumulative
};

// One host's counts not yet added to the fleet's. Thread-safe; a short lock per record. Keeps at
// most 64 windows (the oldest go first while the source is away).
class FleetWindows {
 public:
   void record(bool ok, std::uint64_t latency_ns, std::uint64_t wall_ms, std::uint64_t window_ms,
               std::uint64_t threshold_ns);
   // The counts recorded since the last take, by window, oldest first.
   std::vector<WindowCounts> take();

 private:
   std::mutex mu_;
   std::map<std::uint64_t, WindowCounts> pending_;
};

// The fleet's verdict on consecutive closed windows (oldest first): the trip reason when every one
// of the last `policy.consecutive_windows` breaches (same rule as RollbackMonitor), else nullopt.
std::optional<std::string> fleet_trip(const RollbackPolicy &policy, std::uint32_t threshold_ms,
                                      const std::vector<WindowCounts> &windows);

} // namespace pmat::flags
