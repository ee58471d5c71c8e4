// SPDX-License-Identifier: MIT
#include <pmat/flags/fleet_window.hpp>

#include <cstdio>

namespace pmat::flags {
namespace {

constexpr std::size_t k_max_pending_windows = 64;

std::size_t bucket_of(std::uint64_t latency_ns) {
   std::size_t i = 0;
   while (i < k_fleet_latency_bounds_ms.size() &&
          latency_ns > std::uint64_t{k_fleet_latency_bounds_ms[i]} * 1'000'000ull)
      ++i;
   return i;
}

struct Verdict {
   bool breach = false;
   std::string what;
};

// The RollbackMonitor rule on one window's sums; p95 exact from the count above the threshold.
Verdict judge(const RollbackPolicy &policy, std::uint32_t threshold_ms, const WindowCounts &w) {
   if (w.requests == 0 || w.requests < policy.min_requests)
      return {};
   char buf[160];
   const double ratio = static_cast<double>(w.errors) / static_cast<double>(w.requests);
   if (ratio > policy.max_error_ratio) {
      std::snprintf(buf, sizeof buf, "fleet error ratio %.3f > %.3f", ratio,
                    policy.max_error_ratio);
      return {true, buf};
   }
   const std::uint64_t rank = (95 * w.requests + 99) / 100; // ceil(0.95 n)
   if (w.slow <= w.requests - rank)
      return {};
   std::snprintf(buf, sizeof buf, "fleet p95 latency > %u ms (%llu of %llu requests slower)",
                 threshold_ms, static_cast<unsigned long long>(w.slow),
                 static_cast<unsigned long long>(w.requests));
   return {true, buf};
}

} // namespace

void FleetWindows::record(bool ok, std::uint64_t latency_ns, std::uint64_t wall_ms,
                          std::uint64_t window_ms, std::uint64_t threshold_ns) {
   const std::uint64_t index = wall_ms / (window_ms == 0 ? 1 : window_ms);
   std::lock_guard lock(mu_);
   if (pending_.size() >= k_max_pending_windows && !pending_.contains(index))
      pending_.erase(pending_.begin()); // the source is away: old windows are never judged
   WindowCounts &w = pending_[index];
   w.index = index;
   ++w.requests;
   w.errors += ok ? 0 : 1;
   w.slow += latency_ns > threshold_ns ? 1 : 0;
   ++w.buckets[bucket_of(latency_ns)];
}

std::vector<WindowCounts> FleetWindows::take() {
   std::map<std::uint64_t, WindowCounts> taken;
   {
      std::lock_guard lock(mu_);
      taken.swap(pending_);
   }
   std::vector<WindowCounts> out;
   for (auto &entry : taken)
      out.push_back(entry.second);
   return out;
}

std::optional<std::string> fleet_trip(const RollbackPolicy &policy, std::uint32_t threshold_ms,
                                      const std::vector<WindowCounts> &windows) {
   const std::size_t needed = policy.consecutive_windows == 0 ? 1 : policy.consecutive_windows;
   if (!policy.enabled || windows.size() < needed)
      return std::nullopt;
   Verdict last;
   for (std::size_t i = windows.size() - needed; i < windows.size(); ++i) {
      last = judge(policy, threshold_ms, windows[i]);
      if (!last.breach)
         return std::nullopt;
   }
   return last.what + " in " + std::to_string(needed) + " consecutive windows of " +
          std::to_string(policy.window_ms) + " ms";
}

} // namespace pmat::flags
