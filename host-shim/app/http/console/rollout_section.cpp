// SPDX-License-Identifier: MIT
#include "html.hpp"
#include "sections.hpp"

#include <boost/json/array.hpp>

namespace pmat::serve::console {
namespace {

std::string allowlist_words(const boost::json::object &flags) {
   const auto *list = flags.if_contains("allowlist");
   const std::size_t n = list && list->is_array() ? list->get_array().size() : 0;
   return n == 0
              ? ""
              : " (plus " +
                    counted(static_cast<double>(n), "allowlisted caller", "allowlisted callers") +
                    ")";
}

std::string strategy_words(const boost::json::object &flags) {
   const std::string strategy = string_at(&flags, "strategy", "unknown");
   if (strategy == "percentage")
      return "percentage: " + percent(number_at(&flags, "percentage") / 100.0) + " of callers" +
             allowlist_words(flags);
   if (strategy == "allowlist")
      return "allowlist: only listed callers" + allowlist_words(flags);
   if (strategy == "full_rollout")
      return "full rollout: every caller";
   if (strategy == "disabled")
      return "disabled: no caller (native only)";
   return strategy;
}

std::string latch_words(const boost::json::object &flags) {
   const auto *rollback = object_at(flags, "rollback");
   if (bool_at(&flags, "rollback_latched"))
      return "LATCHED: " + string_at(rollback, "reason", "no reason recorded") +
             " (clear with pmat-host flags clear-rollback)";
   if (rollback && !bool_at(rollback, "enabled", true))
      return "not latched; the auto-rollback is disabled";
   return "not latched; " + counted(number_at(&flags, "rollbacks"), "rollback", "rollbacks") +
          " since start";
}

std::string source_words(const boost::json::object &flags) {
   const auto *source = object_at(flags, "source");
   if (!source)
      return "not reported";
   std::string words = string_at(source, "location", "?") + ", serving " +
                       string_at(source, "serving", "?") +
                       (bool_at(source, "up") ? "" : ", UNREACHABLE");
   if (const double revision = number_at(source, "revision"); revision > 0)
      words += ", revision " + std::to_string(static_cast<long long>(revision));
   const std::string error = string_at(source, "last_error");
   return error.empty() ? words : words + " (" + error + ")";
}

} // namespace

std::string rollout_section(const ConsoleState &state) {
   const auto *flags = object_at(state.status, "flags");
   std::string rows;
   if (flags)
      rows = field_row("strategy", "Rollout", strategy_words(*flags)) +
             field_row("latch", "Auto-rollback", latch_words(*flags)) +
             field_row("flags-source", "Flags from", source_words(*flags));
   else
      rows = field_row("strategy", "Rollout", "not reported by this plugin");
   return "<section id=\"rollout\"><h2>Rollout</h2><table>" + rows + "</table></section>";
}

} // namespace pmat::serve::console
