// SPDX-License-Identifier: MIT
#include "server_stats.hpp"

#include <pmat/common/prometheus_text.hpp>

#include <boost/json/array.hpp>

#include <sstream>

namespace pmat::serve {
namespace {

constexpr std::array<const char *, 6> k_class_names = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};

std::size_t class_index(unsigned status) {
   return status >= 100 && status < 600 ? status / 100 - 1 : 5;
}

} // namespace

const std::array<double, ServerStats::k_buckets> ServerStats::k_bucket_bounds_seconds = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

ServerStats::ServerStats()
    : started_(std::chrono::steady_clock::now()),
      started_unix_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count()) {}

void ServerStats::record(unsigned http_status, std::chrono::nanoseconds latency) {
   by_class_[class_index(http_status)].fetch_add(1, std::memory_order_relaxed);
   const double seconds = std::chrono::duration<double>(latency).count();
   std::size_t bucket = 0;
   while (bucket < k_buckets && seconds > k_bucket_bounds_seconds[bucket])
      ++bucket;
   buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
   latency_sum_ns_.fetch_add(static_cast<std::uint64_t>(latency.count()),
                             std::memory_order_relaxed);
}

void ServerStats::connection_opened() {
   connections_open_.fetch_add(1, std::memory_order_relaxed);
   connections_total_.fetch_add(1, std::memory_order_relaxed);
}

boost::json::object ServerStats::to_json() const {
   boost::json::object classes;
   std::uint64_t total = 0;
   for (std::size_t i = 0; i < by_class_.size(); ++i) {
      const auto n = by_class_[i].load(std::memory_order_relaxed);
      classes[k_class_names[i]] = n;
      total += n;
   }
   boost::json::array buckets;
   std::uint64_t cumulative = 0;
   for (std::size_t i = 0; i <= k_buckets; ++i) {
      cumulative += buckets_[i].load(std::memory_order_relaxed);
      buckets.push_back({i < k_buckets ? boost::json::value(k_bucket_bounds_seconds[i])
                                       : boost::json::value("+Inf"),
                         cumulative});
   }
   const auto uptime = std::chrono::steady_clock::now() - started_;
   return {{"started_unix_ms", started_unix_ms_},
           {"uptime_seconds", std::chrono::duration<double>(uptime).count()},
           {"requests_total", total},
           {"requests_by_class", std::move(classes)},
           {"latency_seconds",
            {{"buckets", std::move(buckets)},
             {"sum", static_cast<double>(latency_sum_ns_.load()) / 1e9},
             {"count", cumulative}}},
           {"in_flight", in_flight.load()},
           {"rejected_saturated_total", rejected_saturated_.load()},
           {"rejected_queue_timeout_total", rejected_queue_timeout_.load()},
           {"connections_open", connections_open_.load()},
           {"connections_total", connections_total_.load()}};
}

std::string ServerStats::exposition(bool openmetrics) const {
   namespace prometheus = pmat::common::prometheus;
   std::ostringstream out;
   prometheus::write_family(out, "pmat_http_requests_total", "counter",
                            "HTTP requests answered, by status class.", openmetrics);
   for (std::size_t i = 0; i < by_class_.size(); ++i)
      prometheus::write_sample(out, "pmat_http_requests_total", {{"class", k_class_names[i]}},
                               by_class_[i].load());
   prometheus::write_family(out, "pmat_http_request_duration_seconds", "histogram",
                            "Time from a request's last byte to its response being ready.",
                            openmetrics);
   std::array<std::uint64_t, k_buckets + 1> counts{};
   for (std::size_t i = 0; i <= k_buckets; ++i)
      counts[i] = buckets_[i].load(std::memory_order_relaxed);
   prometheus::write_histogram(out, "pmat_http_request_duration_seconds", {},
                               k_bucket_bounds_seconds, counts,
                               static_cast<double>(latency_sum_ns_.load()) / 1e9);
   prometheus::write_family(
       out, "pmat_http_requests_rejected_total", "counter",
       "Requests refused with 503: every slot taken and the queue full (saturated), or no "
       "slot within the queue timeout (queue_timeout).",
       openmetrics);
   prometheus::write_sample(out, "pmat_http_requests_rejected_total", {{"reason", "saturated"}},
                            rejected_saturated_.load());
   prometheus::write_sample(out, "pmat_http_requests_rejected_total", {{"reason", "queue_timeout"}},
                            rejected_queue_timeout_.load());
   prometheus::write_gauge(out, "pmat_http_in_flight_requests",
                           "Requests read and not yet answered.", in_flight.load(), openmetrics);
   prometheus::write_gauge(out, "pmat_http_connections_open", "Open client connections.",
                           connections_open_.load(), openmetrics);
   return out.str();
}

} // namespace pmat::serve
