// SPDX-License-Identifier: MIT
// What feeds the operator's console (console/): the last hour of readings, sampled on a thread
// of its own from the shim's metrics, and one ConsoleState per page request (the status, the
// fleet view, a reading taken now). Reaches the plugin only through the core's session.
#pragma once

#include "console/console_state.hpp"
#include "console/sampler.hpp"
#include "console/time_series.hpp"

#include <core/session.hpp>

#include <chrono>

namespace pmat::serve {

class ConsoleFeed {
 public:
   // Starts sampling at once, every `interval`; keeps one hour of readings (at most 3600).
   // `session` must outlive the feed.
   ConsoleFeed(const app::Session &session, std::chrono::milliseconds interval);

   // `status` is GET /v1/status's body. Never throws for the plugin's answers: what it cannot
   // read shows as "not reported". [any-thread]
   console::ConsoleState gather(boost::json::object status) const;

 private:
   console::Reading read() const;

   const app::Session &session_;
   std::int64_t span_ms_;
   console::TimeSeries series_;
   console::Sampler sampler_; // last: stops before the series it fills is destroyed
};

} // namespace pmat::serve
