// SPDX-License-Identifier: MIT
// The HTTP server's own counters: requests by status class, a latency histogram, in-flight
// requests, refusals (queue full, queue timeout) and connections. Lock-free, updated from every I/O
// thread, and rendered as JSON (status endpoint and page) and as Prometheus/OpenMetrics lines
// appended to the shim's metrics.
#pragma once

#include <boost/json/object.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace pmat::serve {

class ServerStats {
 public:
   ServerStats();

   void record(unsigned http_status, std::chrono::nanoseconds latency);
   // A 503 because every slot was taken and the admission queue was full.
   void saturated() { rejected_saturated_.fetch_add(1, std::memory_order_relaxed); }
   // A 503 because a queued request got no slot within the queue timeout.
   void queue_timed_out() { rejected_queue_timeout_.fetch_add(1, std::memory_order_relaxed); }
   void connection_opened();
   void connection_closed() { connections_open_.fetch_sub(1, std::memory_order_relaxed); }

   // Requests fully read and not yet answered (what a graceful shutdown waits for).
   std::atomic<std::int64_t> in_flight{0};

   boost::json::object to_json() const;
   // Metric families in the exposition format (OpenMetrics names counters without _total in
   // their TYPE line; the caller places the result before "# EOF").
   std::string exposition(bool openmetrics) const;

   static constexpr std::size_t k_buckets = 14;
   static const std::array<double, k_buckets> k_bucket_bounds_seconds;

 private:
   std::array<std::atomic<std::uint64_t>, 6> by_class_{};            // 1xx..5xx, other
   std::array<std::atomic<std::uint64_t>, k_buckets + 1> buckets_{}; // last = +Inf
   std::atomic<std::uint64_t> latency_sum_ns_{0};
   std::atomic<std::uint64_t> rejected_saturated_{0};
   std::atomic<std::uint64_t> rejected_queue_timeout_{0};
   std::atomic<std::int64_t> connections_open_{0};
   std::atomic<std::uint64_t> connections_total_{0};
   std::chrono::steady_clock::time_point started_;
   std::int64_t started_unix_ms_;
};

} // namespace pmat::serve
