// SPDX-License-Identifier: MIT
#include "html.hpp"
#include "sections.hpp"
#include "svg_chart.hpp"
#include "time_series.hpp"

#include <algorithm>
#include <cstdio>

namespace pmat::serve::console {
namespace {

std::string per_second(double value) {
   char buffer[32];
   std::snprintf(buffer, sizeof buffer, "%.2f/s", value);
   return buffer;
}

std::string per_hour(double value) {
   return dollars(value) + "/h";
}

std::string latest(const std::vector<Point> &points, std::string (*format)(double)) {
   return points.empty() ? "no samples yet" : "now " + format(points.back().value);
}

std::string chart_block(const std::string &id, const std::string &title,
                        const std::vector<Point> &points, const ChartFrame &frame) {
   return "<figure id=\"" + id + "\"><figcaption>" + escape(title) + " <span class=\"now\">" +
          escape(latest(points, frame.format)) + "</span></figcaption>" +
          line_chart(points, frame) + "</figure>";
}

// The last hour, or less while the server is younger: the time since its first reading, so a
// freshly started server's charts are readable rather than a line at the right edge.
std::int64_t span(const std::vector<Reading> &readings, const ConsoleState &state) {
   const std::int64_t age = state.now.unix_ms - readings.front().unix_ms;
   return std::clamp<std::int64_t>(age, 1000, state.chart_span_ms);
}

} // namespace

std::string charts_section(const ConsoleState &state) {
   auto readings = state.history;
   readings.push_back(state.now);
   const auto rate = analyses_per_second(readings);
   const auto cost = cost_per_hour(readings);
   const std::int64_t span_ms = span(readings, state);
   const ChartFrame rate_frame{state.now.unix_ms, span_ms, "analyses per second", per_second};
   const ChartFrame cost_frame{state.now.unix_ms, span_ms, "Claude cost per hour", per_hour};
   return "<section id=\"charts\"><h2>Traffic and cost</h2>" +
          chart_block("chart-rate", "Analyses per second", rate, rate_frame) +
          chart_block("chart-cost", "Claude cost per hour", cost, cost_frame) + "</section>";
}

} // namespace pmat::serve::console
