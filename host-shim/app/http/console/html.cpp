// SPDX-License-Identifier: MIT
#include "html.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace pmat::serve::console {
namespace {

std::string format(const char *pattern, double value) {
   char buffer[64];
   std::snprintf(buffer, sizeof buffer, pattern, value);
   return buffer;
}

std::string_view entity(char c) {
   switch (c) {
   case '&': return "&amp;";
   case '<': return "&lt;";
   case '>': return "&gt;";
   case '"': return "&quot;";
   case '\'': return "&#39;";
   default: return {};
   }
}

} // namespace

std::string escape(std::string_view text) {
   std::string out;
   out.reserve(text.size());
   for (const char c : text) {
      const auto replacement = entity(c);
      if (replacement.empty())
         out += c;
      else
         out += replacement;
   }
   return out;
}

std::string element(std::string_view tag, std::string_view cls, std::string_view text) {
   std::string out = "<" + std::string(tag);
   if (!cls.empty())
      out += " class=\"" + std::string(cls) + "\"";
   return out + ">" + escape(text) + "</" + std::string(tag) + ">";
}

std::string field_row(std::string_view id, std::string_view label, std::string_view value) {
   return "<tr><th>" + escape(label) + "</th><td id=\"" + std::string(id) + "\">" + escape(value) +
          "</td></tr>";
}

std::string percent(double ratio) {
   const double value = ratio * 100.0;
   return format(value < 10.0 && value != std::floor(value) ? "%.1f %%" : "%.0f %%", value);
}

std::string duration(double seconds) {
   if (std::isinf(seconds))
      return "unbounded";
   if (seconds >= 1.0)
      return format("%.1f s", seconds);
   return format("%.0f ms", seconds * 1000.0);
}

std::string dollars(double usd) {
   if (usd >= 100)
      return format("$%.0f", usd);
   return format(usd >= 1 ? "$%.2f" : "$%.4f", usd);
}

std::string counted(double count, std::string_view singular, std::string_view plural) {
   return format("%.0f", count) + " " + std::string(count == 1 ? singular : plural);
}

std::string clock_time(std::int64_t unix_ms) {
   const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
   std::tm utc{};
   ::gmtime_r(&seconds, &utc);
   char buffer[32];
   std::strftime(buffer, sizeof buffer, "%H:%M:%S UTC", &utc);
   return buffer;
}

std::string ago(std::int64_t then_ms, std::int64_t now_ms) {
   const double seconds = std::max<double>(0, static_cast<double>(now_ms - then_ms) / 1000.0);
   if (seconds < 120)
      return format("%.0f s ago", seconds);
   if (seconds < 7200)
      return format("%.0f min ago", seconds / 60);
   return format("%.0f h ago", seconds / 3600);
}

} // namespace pmat::serve::console
