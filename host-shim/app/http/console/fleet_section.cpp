// SPDX-License-Identifier: MIT
#include "html.hpp"
#include "sections.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <map>
#include <vector>

namespace pmat::serve::console {
namespace {

constexpr const char *k_head =
    "<thead><tr><th>Host</th><th>pmat-host</th><th>Plugin</th><th>Generation</th>"
    "<th>Flags revision</th><th>Kill switch</th><th>Rollback</th>"
    "<th>Error ratio</th><th>Last seen</th></tr></thead>";

std::vector<const boost::json::object *> hosts_of(const boost::json::object &fleet) {
   std::vector<const boost::json::object *> hosts;
   const auto *list = fleet.if_contains("hosts");
   if (list && list->is_array())
      for (const auto &h : list->get_array())
         if (const auto *object = h.if_object())
            hosts.push_back(object);
   std::sort(hosts.begin(), hosts.end(), [](const auto *a, const auto *b) {
      return string_at(a, "host_id") < string_at(b, "host_id");
   });
   return hosts;
}

// The plugin version most hosts run (the higher one on a tie): what the others are compared to.
std::string common_version(const std::vector<const boost::json::object *> &hosts) {
   std::map<std::string, int> count;
   for (const auto *h : hosts)
      ++count[string_at(h, "plugin_version", "?")];
   std::string best;
   int most = 0;
   for (const auto &[version, n] : count)
      if (n >= most) {
         best = version;
         most = n;
      }
   return best;
}

std::string host_row(const boost::json::object *h, const std::string &common, double revision,
                     std::int64_t now_ms) {
   const std::string version = string_at(h, "plugin_version", "?");
   const bool old = version != common;
   const double behind = revision - number_at(h, "flags_revision");
   const std::string cls = std::string(old ? "old" : "") + (behind > 0 ? " lagging" : "");
   return "<tr class=\"" + cls + "\">" + element("td", "", string_at(h, "host_id", "?")) +
          element("td", "", string_at(h, "pmat_host_version", "?")) +
          element("td", "", version + (old ? " (old: most run " + common + ")" : "")) +
          element("td", "",
                  std::to_string(static_cast<long long>(number_at(h, "plugin_generation")))) +
          element("td", "",
                  std::to_string(static_cast<long long>(number_at(h, "flags_revision"))) +
                      (behind > 0 ? " (lagging " + counted(behind, "revision", "revisions") + ")"
                                  : "")) +
          element("td", "", bool_at(h, "kill_switch") ? "ENGAGED" : "off") +
          element("td", "", bool_at(h, "rollback_latched") ? "LATCHED" : "no") +
          element("td", "", percent(number_at(h, "error_ratio"))) +
          element("td", "",
                  ago(static_cast<std::int64_t>(number_at(h, "last_seen_unix_ms")), now_ms)) +
          "</tr>";
}

std::string fleet_note(const boost::json::object &fleet, std::size_t hosts) {
   return counted(static_cast<double>(hosts), "host", "hosts") + " heartbeating on " +
          string_at(&fleet, "source", "?") + ", shared document revision " +
          std::to_string(static_cast<long long>(number_at(&fleet, "document_revision")));
}

} // namespace

std::string fleet_section(const ConsoleState &state) {
   const std::string open = "<section id=\"fleet\"><h2>Fleet</h2><p id=\"fleet-note\">";
   if (!state.fleet)
      return open + escape(state.fleet_error.empty() ? "no fleet view" : state.fleet_error) +
             "</p></section>";
   const auto hosts = hosts_of(*state.fleet);
   const std::string common = common_version(hosts);
   const double revision = number_at(&*state.fleet, "document_revision");
   std::string rows;
   for (const auto *h : hosts)
      rows += host_row(h, common, revision, state.now.unix_ms);
   return open + escape(fleet_note(*state.fleet, hosts.size())) + "</p><table class=\"list\">" +
          k_head + "<tbody id=\"fleet-rows\">" + rows + "</tbody></table></section>";
}

} // namespace pmat::serve::console
