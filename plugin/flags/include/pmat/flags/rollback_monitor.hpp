// SPDX-License-Identifier: MIT
// Auto-rollback: fed the outcome and latency of every Claude-path request with the injected
// clock's time. Time is cut into fixed windows (window_ms, aligned on the clock). A window
// breaches when it has at least min_requests requests and either errors/requests >
// max_error_ratio or its p95 latency > the p95 threshold. consecutive_windows breaching windows
// in a row trip the monitor, which then stays latched until clear(). A window with fewer than
// min_requests requests ("no data", including a window with none) is never a breach and breaks
// the streak, so sparse traffic or one slow request can never trip it (upstream tripped on one
// sample).
//
// p95 is exact, without storing samples: with n requests of which `slow` took longer than T,
// the nearest-rank p95 exceeds T exactly when slow > n - ceil(0.95 n).
#pragma once

#include "config.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace pmat::flags {

struct WindowSummary {
   std::uint64_t index = 0; // window number on the clock
   std::uint64_t requests = 0;
   std::uint64_t errors = 0;
   std::uint64_t slow = 0; // latency > the p95 threshold
   bool enough = false;    // requests >= min_requests
   bool error_breach = false;
   bool latency_breach = false;
};

struct Trip {
   std::string reason; // e.g. "error ratio 0.30 > 0.05 in 3 consecutive 30 s windows"
   WindowSummary last;
};

class RollbackMonitor {
 public:
   RollbackMonitor(RollbackPolicy policy, std::uint32_t p95_threshold_ms);

   // Records one Claude-path request. Returns the trip when this call latches the monitor.
   std::optional<Trip> record(bool ok, std::uint64_t latency_ns, std::uint64_t now_ns);
   // Closes windows that ended before `now_ns` without recording a request (e.g. from a timer).
   std::optional<Trip> tick(std::uint64_t now_ns);

   bool latched() const;
   void clear(); // operator reset: latch and streak
   void set_policy(RollbackPolicy policy, std::uint32_t p95_threshold_ms); // keeps the latch
   std::uint32_t streak() const;
   std::optional<WindowSummary> last_closed() const;

 private:
   std::optional<Trip> advance_locked(std::uint64_t now_ns);
   std::optional<Trip> close_locked();
   WindowSummary summarize_locked() const;

   mutable std::mutex mu_;
   RollbackPolicy policy_;
   std::uint64_t threshold_ns_;
   bool started_ = false;
   WindowSummary current_;
   std::optional<WindowSummary> last_closed_;
   std::uint32_t streak_ = 0;
   bool latched_ = false;
};

} // namespace pmat::flags
