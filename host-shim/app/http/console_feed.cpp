// SPDX-License-Identifier: MIT
#include "console_feed.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace pmat::serve {
namespace {

constexpr std::int64_t k_hour_ms = 3'600'000;
constexpr std::size_t k_max_readings = 3600;

std::int64_t wall_clock_ms() {
   return std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
       .count();
}

std::size_t readings_per_hour(std::chrono::milliseconds interval) {
   const auto per_hour =
       static_cast<std::size_t>(k_hour_ms / std::max<std::int64_t>(interval.count(), 1)) + 1;
   return std::min(per_hour, k_max_readings);
}

} // namespace

ConsoleFeed::ConsoleFeed(const app::Session &session, std::chrono::milliseconds interval)
    : session_(session),
      span_ms_(std::min<std::int64_t>(
          k_hour_ms, interval.count() * static_cast<std::int64_t>(readings_per_hour(interval)))),
      series_(readings_per_hour(interval)), sampler_([this] { return read(); }, series_, interval) {
}

console::Reading ConsoleFeed::read() const {
   const auto reply = session_.metrics(PMAT_METRICS_PROMETHEUS_TEXT);
   if (!reply.ok())
      return {};
   return console::read_exposition(reply.text, wall_clock_ms());
}

namespace {

// The plugin's own view read afresh: a flags file changed by another process (`pmat-host flags
// kill on`) is otherwise seen only by the next request, and the page would show the old switch.
void refresh_plugin_state(const app::Session &session, boost::json::object &status) {
   const auto reply = session.control(R"({"command":"status","refresh":true})");
   boost::system::error_code ec;
   const auto parsed = reply.ok() ? boost::json::parse(reply.text, ec) : boost::json::value();
   if (ec || !parsed.is_object())
      return; // a plugin without pmat.control/1: the shim's status is all there is
   for (const auto &[key, value] : parsed.get_object())
      status[key] = value;
}

} // namespace

console::ConsoleState ConsoleFeed::gather(boost::json::object status) const {
   console::ConsoleState state;
   refresh_plugin_state(session_, status);
   state.status = std::move(status);
   state.history = series_.readings();
   state.now = read();
   if (state.now.unix_ms == 0)
      state.now.unix_ms = wall_clock_ms();
   state.chart_span_ms = span_ms_;
   const auto fleet = session_.control(R"({"command":"fleet"})");
   boost::system::error_code ec;
   auto parsed = fleet.ok() ? boost::json::parse(fleet.text, ec) : boost::json::value();
   if (!ec && parsed.is_object())
      state.fleet = std::move(parsed.as_object());
   else
      state.fleet_error = fleet.ok() ? "the fleet view was not JSON" : fleet.error;
   return state;
}

} // namespace pmat::serve
