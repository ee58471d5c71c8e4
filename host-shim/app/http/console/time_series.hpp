// SPDX-License-Identifier: MIT
// The console's memory of the last hour: readings kept in a ring buffer inside the server process
// (nothing on disk, nothing external), and what the page derives from them: rates per interval
// for the charts, and the error ratio and p95 latency over the rollback window.
#pragma once

#include "reading.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace pmat::serve::console {

// A bounded, thread-safe ring of readings, oldest first. add() from the sampler thread,
// readings() from request threads.
class TimeSeries {
 public:
   // Keeps at most `capacity` readings (at least 2: a rate needs two).
   explicit TimeSeries(std::size_t capacity);

   void add(Reading reading);
   // A copy, oldest first.
   std::vector<Reading> readings() const;
   std::size_t capacity() const { return capacity_; }

 private:
   std::size_t capacity_;
   mutable std::mutex mutex_;
   std::deque<Reading> ring_;
};

struct Point {
   std::int64_t unix_ms = 0;
   double value = 0;
};

// Analyses per second between consecutive readings (one point per interval, at its end). A
// counter that went down (the plugin restarted without handing over its state) gives no point.
std::vector<Point> analyses_per_second(const std::vector<Reading> &readings);
// USD per hour between consecutive readings.
std::vector<Point> cost_per_hour(const std::vector<Reading> &readings);

// Claude's calls over a window ending at `now`.
struct WindowStats {
   double calls = 0;
   double errors = 0;
   std::optional<double> error_ratio; // none without calls
   std::optional<double> p95_seconds; // upper bound of the bucket holding the 95th percentile
   std::int64_t covered_ms = 0;       // how much time the window really covers
};

// Compares `now` with the newest reading at least `window_ms` older (else the oldest reading;
// else everything since the plugin started).
WindowStats window_stats(const std::vector<Reading> &readings, const Reading &now,
                         std::int64_t window_ms);

} // namespace pmat::serve::console
