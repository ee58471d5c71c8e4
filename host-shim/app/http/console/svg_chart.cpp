// SPDX-License-Identifier: MIT
#include "svg_chart.hpp"

#include "html.hpp"

#include <algorithm>
#include <cstdio>

namespace pmat::serve::console {
namespace {

constexpr double k_width = 320, k_height = 90, k_left = 4, k_top = 14, k_plot_height = 58;

std::string number(double value) {
   char buffer[32];
   std::snprintf(buffer, sizeof buffer, "%.1f", value);
   return buffer;
}

std::vector<Point> in_span(const std::vector<Point> &points, const ChartFrame &frame) {
   std::vector<Point> kept;
   for (const auto &p : points)
      if (p.unix_ms >= frame.now_ms - frame.span_ms && p.unix_ms <= frame.now_ms)
         kept.push_back(p);
   return kept;
}

std::string polyline(const std::vector<Point> &points, const ChartFrame &frame, double top) {
   std::string coordinates;
   const double plot_width = k_width - 2 * k_left;
   for (const auto &p : points) {
      const double x =
          k_left + plot_width * static_cast<double>(p.unix_ms - (frame.now_ms - frame.span_ms)) /
                       static_cast<double>(frame.span_ms);
      const double y = k_top + k_plot_height * (1.0 - (top > 0 ? p.value / top : 0.0));
      coordinates += number(x) + "," + number(y) + " ";
   }
   return "<polyline class=\"line\" fill=\"none\" points=\"" + coordinates + "\"/>";
}

std::string axis_labels(const ChartFrame &frame, double top) {
   const std::string bottom = number(k_top + k_plot_height + 14);
   return "<text x=\"" + number(k_left) + "\" y=\"10\">max " + escape(frame.format(top)) +
          "</text><text x=\"" + number(k_left) + "\" y=\"" + bottom + "\">" +
          ago(frame.now_ms - frame.span_ms, frame.now_ms) + "</text><text x=\"" +
          number(k_width - k_left) + "\" y=\"" + bottom + "\" text-anchor=\"end\">now</text>";
}

std::string frame_lines() {
   const std::string base = number(k_top + k_plot_height);
   return "<line class=\"axis\" x1=\"" + number(k_left) + "\" y1=\"" + base + "\" x2=\"" +
          number(k_width - k_left) + "\" y2=\"" + base + "\"/>";
}

} // namespace

std::string line_chart(const std::vector<Point> &points, const ChartFrame &frame) {
   const auto kept = in_span(points, frame);
   if (kept.empty())
      return element("p", "note", "no samples yet: the chart fills as the server samples");
   double top = 0;
   for (const auto &p : kept)
      top = std::max(top, p.value);
   return "<svg class=\"chart\" viewBox=\"0 0 " + number(k_width) + " " + number(k_height) +
          "\" role=\"img\" aria-label=\"" + escape(frame.label) + "\"><title>" +
          escape(frame.label) + "</title>" + frame_lines() + polyline(kept, frame, top) +
          axis_labels(frame, top) + "</svg>";
}

} // namespace pmat::serve::console
