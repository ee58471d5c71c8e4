// SPDX-License-Identifier: MIT
#include "time_series.hpp"

#include <algorithm>

namespace pmat::serve::console {

TimeSeries::TimeSeries(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 2)) {}

void TimeSeries::add(Reading reading) {
   std::lock_guard lock(mutex_);
   ring_.push_back(std::move(reading));
   while (ring_.size() > capacity_)
      ring_.pop_front();
}

std::vector<Reading> TimeSeries::readings() const {
   std::lock_guard lock(mutex_);
   return {ring_.begin(), ring_.end()};
}

namespace {

template <typename Field>
std::vector<Point> rates(const std::vector<Reading> &readings, Field field, double per_seconds) {
   std::vector<Point> points;
   for (std::size_t i = 1; i < readings.size(); ++i) {
      const auto &a = readings[i - 1];
      const auto &b = readings[i];
      const double seconds = static_cast<double>(b.unix_ms - a.unix_ms) / 1000.0;
      const double delta = field(b) - field(a);
      if (seconds > 0 && delta >= 0)
         points.push_back({b.unix_ms, delta / seconds * per_seconds});
   }
   return points;
}

const Reading *baseline(const std::vector<Reading> &readings, std::int64_t since_ms) {
   const Reading *found = readings.empty() ? nullptr : &readings.front();
   for (const auto &r : readings)
      if (r.unix_ms <= since_ms)
         found = &r;
   return found;
}

// Cumulative latency buckets of `now` minus those of `before` (matched by bound).
std::vector<std::pair<double, double>> bucket_delta(const Reading &now, const Reading *before) {
   auto delta = now.latency_buckets;
   if (!before || before->latency_buckets.size() != delta.size())
      return delta;
   for (std::size_t i = 0; i < delta.size(); ++i)
      delta[i].second -= before->latency_buckets[i].second;
   return delta;
}

std::optional<double> p95(const std::vector<std::pair<double, double>> &buckets) {
   if (buckets.empty() || buckets.back().second <= 0)
      return std::nullopt;
   const double target = 0.95 * buckets.back().second;
   for (const auto &[bound, count] : buckets)
      if (count >= target)
         return bound;
   return std::nullopt;
}

} // namespace

std::vector<Point> analyses_per_second(const std::vector<Reading> &readings) {
   return rates(
       readings, [](const Reading &r) { return r.analyses; }, 1.0);
}

std::vector<Point> cost_per_hour(const std::vector<Reading> &readings) {
   return rates(
       readings, [](const Reading &r) { return r.cost_usd; }, 3600.0);
}

WindowStats window_stats(const std::vector<Reading> &readings, const Reading &now,
                         std::int64_t window_ms) {
   const Reading *before = baseline(readings, now.unix_ms - window_ms);
   if (before && (before->claude_ok > now.claude_ok || before->claude_errors > now.claude_errors))
      before = nullptr; // the counters restarted: count from zero
   WindowStats stats;
   stats.errors = now.claude_errors - (before ? before->claude_errors : 0);
   stats.calls = stats.errors + now.claude_ok - (before ? before->claude_ok : 0);
   if (stats.calls > 0)
      stats.error_ratio = stats.errors / stats.calls;
   stats.p95_seconds = p95(bucket_delta(now, before));
   stats.covered_ms = before ? now.unix_ms - before->unix_ms : 0;
   return stats;
}

} // namespace pmat::serve::console
