// SPDX-License-Identifier: MIT
#include "html.hpp"
#include "sections.hpp"
#include "time_series.hpp"

#include <array>
#include <cmath>
#include <utility>

namespace pmat::serve::console {
namespace {

constexpr std::int64_t k_default_window_ms = 60'000;

// Why a request got the native engine, for the flag decisions that mean "not Claude".
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> k_native_reasons{{
    {"KILL_SWITCH", "kill switch engaged"},
    {"ROLLBACK_LATCHED", "rollback latched"},
    {"EXPLICIT_NATIVE", "the caller asked for the native engine"},
    {"DISABLED", "rollout strategy disabled"},
    {"NOT_ALLOWLISTED", "caller not on the allowlist"},
    {"SPLIT_OUT", "caller outside the rollout percentage"},
    {"ERROR", "no caller id to place in the percentage split"},
}};

std::string window_words(const WindowStats &stats, std::int64_t window_ms) {
   if (stats.covered_ms + 1000 < window_ms)
      return "since the server started";
   return "over the last " + duration(static_cast<double>(window_ms) / 1000.0);
}

// Whether the window has the calls the rollback needs to judge it (fewer are "no data").
bool counts(const WindowStats &stats, const boost::json::object *rollback) {
   return stats.calls >= number_at(rollback, "min_requests", 20);
}

// "; the rollback trips above LIMIT" or, when the value is over it, ": ABOVE the rollback threshold
// of LIMIT".
std::string against(bool above, const std::string &limit) {
   return above ? ": ABOVE the rollback threshold of " + limit
                : "; the rollback trips above " + limit;
}

std::string error_ratio_words(const WindowStats &stats, const boost::json::object *rollback,
                              std::int64_t window_ms) {
   const double limit = number_at(rollback, "max_error_ratio", 0.05);
   const std::string value = !stats.error_ratio
                                 ? "no Claude calls " + window_words(stats, window_ms)
                                 : percent(*stats.error_ratio) + " (" +
                                       counted(stats.errors, "error", "errors") + " in " +
                                       counted(stats.calls, "call", "calls") + " " +
                                       window_words(stats, window_ms) + ")";
   const std::string windows =
       counted(number_at(rollback, "consecutive_windows", 3), "window", "windows in a row") +
       " of at least " + counted(number_at(rollback, "min_requests", 20), "call", "calls");
   if (stats.error_ratio && *stats.error_ratio > limit && counts(stats, rollback))
      return value + against(true, percent(limit)) + " (it trips after " + windows + ")";
   return value + against(false, percent(limit)) + " in " + windows;
}

std::string p95_words(const WindowStats &stats, const boost::json::object *rollback,
                      std::int64_t window_ms) {
   const double limit_ms = number_at(rollback, "p95_latency_ms", 5000);
   const std::string limit = duration(limit_ms / 1000.0);
   if (!stats.p95_seconds)
      return "no Claude calls " + window_words(stats, window_ms) + against(false, limit);
   const std::string value = std::isinf(*stats.p95_seconds)
                                 ? "slower than every latency bucket"
                                 : "\xE2\x89\xA4 " + duration(*stats.p95_seconds);
   return value + " " + window_words(stats, window_ms) +
          against(*stats.p95_seconds * 1000.0 > limit_ms && counts(stats, rollback), limit);
}

std::string breaker_words(const boost::json::object &status) {
   const std::string state = string_at(object_at(status, "pool"), "breaker");
   if (state == "closed")
      return "closed: Claude calls go through";
   if (state == "open")
      return "OPEN: recent calls failed, Claude calls are refused until it probes again";
   if (state == "half_open")
      return "half-open: a few probe calls decide whether it closes";
   if (state == "forced_open")
      return "forced open by the kill switch";
   return state.empty() ? "not reported" : state;
}

std::string fallback_items(const Reading &now) {
   std::string items;
   for (const auto &[reason, words] : k_native_reasons) {
      const auto found = now.decisions.find(std::string(reason));
      if (found != now.decisions.end() && found->second > 0)
         items += element(
             "li", "", counted(found->second, "request", "requests") + ": " + std::string(words));
   }
   for (const auto &[error, count] : now.claude_failures)
      if (count > 0)
         items +=
             element("li", "", counted(count, "Claude call", "Claude calls") + " failed: " + error);
   return items.empty() ? element("li", "", "none since the plugin started") : items;
}

} // namespace

std::string health_section(const ConsoleState &state) {
   const auto *flags = object_at(state.status, "flags");
   const auto *rollback = flags ? object_at(*flags, "rollback") : nullptr;
   const auto window_ms =
       static_cast<std::int64_t>(number_at(rollback, "window_ms", k_default_window_ms));
   const WindowStats stats = window_stats(state.history, state.now, window_ms);
   return "<section id=\"health\"><h2>Claude against the rollback thresholds</h2><table>" +
          field_row("error-ratio", "Error ratio", error_ratio_words(stats, rollback, window_ms)) +
          field_row("p95", "p95 latency", p95_words(stats, rollback, window_ms)) +
          field_row("breaker", "Circuit breaker", breaker_words(state.status)) +
          "<tr><th>Native instead of Claude</th><td><ul id=\"fallbacks\">" +
          fallback_items(state.now) + "</ul></td></tr></table></section>";
}

} // namespace pmat::serve::console
