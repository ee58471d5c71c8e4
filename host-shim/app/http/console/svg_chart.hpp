// SPDX-License-Identifier: MIT
// A small line chart as inline SVG (no script, no external asset): the last hour of one rate,
// the time axis ending now, the value axis from 0 to the largest value, both labelled in words.
#pragma once

#include "time_series.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::serve::console {

struct ChartFrame {
   std::int64_t now_ms = 0;
   std::int64_t span_ms = 3'600'000;        // the time axis: [now - span, now], span > 0
   std::string_view label;                  // e.g. "analyses per second", used as the SVG's title
   std::string (*format)(double) = nullptr; // the value axis's labels
};

// An <svg> of `points` (outside the span are dropped); a note in words when there are none.
std::string line_chart(const std::vector<Point> &points, const ChartFrame &frame);

} // namespace pmat::serve::console
