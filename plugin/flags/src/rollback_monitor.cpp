// SPDX-License-Identifier: MIT
#include <pmat/flags/rollback_monitor.hpp>

#include <cstdio>

namespace pmat::flags {
namespace {

std::uint64_t window_ns(const RollbackPolicy &p) {
   return (p.window_ms == 0 ? 1 : p.window_ms) * 1'000'000ull;
}

std::string describe(const WindowSummary &w, const RollbackPolicy &p, std::uint64_t threshold_ns) {
   char buf[256];
   const double ratio = static_cast<double>(w.errors) / static_cast<double>(w.requests);
   if (w.error_breach)
      std::snprintf(buf, sizeof buf, "error ratio %.3f > %.3f", ratio, p.max_error_ratio);
   else
      std::snprintf(buf, sizeof buf, "p95 latency > %llu ms (%llu of %llu requests slower)",
                    static_cast<unsigned long long>(threshold_ns / 1'000'000),
                    static_cast<unsigned long long>(w.slow),
                    static_cast<unsigned long long>(w.requests));
   return std::string(buf) + " in " + std::to_string(p.consecutive_windows) +
          " consecutive windows of " + std::to_string(p.window_ms) + " ms";
}

} // namespace

RollbackMonitor::RollbackMonitor(RollbackPolicy policy, std::uint32_t p95_threshold_ms)
    : policy_(policy), threshold_ns_(std::uint64_t{p95_threshold_ms} * 1'000'000ull) {}

WindowSummary RollbackMonitor::summarize_locked() const {
   WindowSummary w = current_;
   w.enough = w.requests > 0 && w.requests >= policy_.min_requests;
   if (!w.enough)
      return w;
   w.error_breach =
       static_cast<double>(w.errors) > policy_.max_error_ratio * static_cast<double>(w.requests);
   const std::uint64_t rank = (95 * w.requests + 99) / 100; // ceil(0.95 n)
   w.latency_breach = w.slow > w.requests - rank;
   return w;
}

std::optional<Trip> RollbackMonitor::close_locked() {
   const WindowSummary w = summarize_locked();
   last_closed_ = w;
   const bool breach = w.error_breach || w.latency_breach;
   streak_ = breach ? streak_ + 1 : 0;
   if (!breach || streak_ < policy_.consecutive_windows || latched_ || !policy_.enabled)
      return std::nullopt;
   latched_ = true;
   return Trip{describe(w, policy_, threshold_ns_), w};
}

std::optional<Trip> RollbackMonitor::advance_locked(std::uint64_t now_ns) {
   const std::uint64_t index = now_ns / window_ns(policy_);
   if (!started_) {
      started_ = true;
      current_ = WindowSummary{index};
      return std::nullopt;
   }
   if (index <= current_.index)
      return std::nullopt;
   std::optional<Trip> trip = close_locked();
   if (index > current_.index + 1)
      streak_ = 0; // windows with no requests at all between: "no data" breaks the streak
   current_ = WindowSummary{index};
   return trip;
}

std::optional<Trip> RollbackMonitor::record(bool ok, std::uint64_t latency_ns,
                                            std::uint64_t now_ns) {
   std::lock_guard lock(mu_);
   std::optional<Trip> trip = advance_locked(now_ns);
   ++current_.requests;
   current_.errors += ok ? 0 : 1;
   current_.slow += latency_ns > threshold_ns_ ? 1 : 0;
   return trip;
}

std::optional<Trip> RollbackMonitor::tick(std::uint64_t now_ns) {
   std::lock_guard lock(mu_);
   return started_ ? advance_locked(now_ns) : std::nullopt;
}

bool RollbackMonitor::latched() const {
   std::lock_guard lock(mu_);
   return latched_;
}

void RollbackMonitor::clear() {
   std::lock_guard lock(mu_);
   latched_ = false;
   streak_ = 0;
   started_ = false; // the window in progress was measured under the latch: start afresh
}

void RollbackMonitor::set_policy(RollbackPolicy policy, std::uint32_t p95_threshold_ms) {
   std::lock_guard lock(mu_);
   if (policy.window_ms != policy_.window_ms) {
      started_ = false;
      streak_ = 0;
   }
   policy_ = policy;
   threshold_ns_ = std::uint64_t{p95_threshold_ms} * 1'000'000ull;
}

std::uint32_t RollbackMonitor::streak() const {
   std::lock_guard lock(mu_);
   return streak_;
}

std::optional<WindowSummary> RollbackMonitor::last_closed() const {
   std::lock_guard lock(mu_);
   return last_closed_;
}

} // namespace pmat::flags
