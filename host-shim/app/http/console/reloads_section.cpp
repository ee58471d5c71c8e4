// SPDX-License-Identifier: MIT
#include "html.hpp"
#include "sections.hpp"

#include <boost/json/array.hpp>

#include <cstdio>

namespace pmat::serve::console {
namespace {

std::string generation_words(const boost::json::object &status) {
   const auto *g = object_at(status, "generation");
   if (!g)
      return "no plugin generation is serving";
   return "#" + std::to_string(static_cast<long long>(number_at(g, "number"))) + ": " +
          string_at(g, "name", "?") + " " + string_at(g, "version", "?") + " (" +
          string_at(g, "plugin_id", "?") + "), sha256 " + string_at(g, "sha256").substr(0, 12);
}

std::string reload_row(const boost::json::object &r) {
   char ms[32];
   std::snprintf(ms, sizeof ms, "%.0f ms", number_at(&r, "duration_ms"));
   const std::string outcome = string_at(&r, "outcome", "?");
   std::string what = string_at(&r, "from_version", "?");
   if (const std::string to = string_at(&r, "to_version"); !to.empty())
      what += " \xE2\x86\x92 " + to;
   return "<tr class=\"" + escape(outcome) + "\">" +
          element("td", "", clock_time(static_cast<std::int64_t>(number_at(&r, "unix_ms")))) +
          element("td", "", string_at(&r, "trigger", "?")) + element("td", "", outcome) +
          element("td", "", what) + element("td", "", ms) +
          element("td", "", string_at(&r, "reason")) + "</tr>";
}

std::string reload_rows(const boost::json::object &status) {
   const auto *history = status.if_contains("reloads");
   const auto *array = history ? history->if_array() : nullptr;
   if (!array)
      return "<tr><td colspan=\"6\">this shim reports no reload history</td></tr>";
   if (array->empty())
      return "<tr><td colspan=\"6\">no reload since the server started: the first generation "
             "is serving</td></tr>";
   std::string rows;
   for (auto it = array->rbegin(); it != array->rend(); ++it)
      if (const auto *r = it->if_object())
         rows += reload_row(*r);
   return rows;
}

} // namespace

std::string reloads_section(const ConsoleState &state) {
   return "<section id=\"reloads\"><h2>Plugin and reloads</h2><table>" +
          field_row("generation", "Serving", generation_words(state.status)) +
          "</table><table class=\"list\"><thead><tr><th>When</th><th>Trigger</th><th>Outcome</th>"
          "<th>Versions</th><th>Took</th><th>Reason</th></tr></thead><tbody id=\"reload-rows\">" +
          reload_rows(state.status) + "</tbody></table></section>";
}

} // namespace pmat::serve::console
