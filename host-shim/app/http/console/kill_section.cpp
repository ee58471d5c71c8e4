// SPDX-License-Identifier: MIT
#include "html.hpp"
#include "sections.hpp"

namespace pmat::serve::console {
namespace {

struct Banner {
   std::string cls;
   std::string kill_state;
   std::string claude_state;
};

Banner banner_for(const boost::json::object *flags) {
   if (!flags)
      return {"unknown", "not reported",
              "this plugin has no pmat.control/1: it reports no kill switch or rollout"};
   if (bool_at(flags, "kill_switch"))
      return {"killed", "ENGAGED",
              "Claude is OFF for every request on this host: only the native "
              "engine answers"};
   if (bool_at(flags, "rollback_latched"))
      return {"latched", "OFF",
              "Claude is OFF: the auto-rollback latched (" +
                  string_at(object_at(*flags, "rollback"), "reason", "no reason recorded") + ")"};
   return {"normal", "OFF", "Claude is ON for the callers the rollout selects"};
}

std::string toggle(const boost::json::object *flags) {
   if (!flags)
      return "";
   const bool engaged = bool_at(flags, "kill_switch");
   return std::string("<button id=\"kill-toggle\" type=\"button\" data-engage=\"") +
          (engaged ? "false\">Release the kill switch\xE2\x80\xA6"
                   : "true\">Engage the kill switch\xE2\x80\xA6") +
          "</button>";
}

} // namespace

std::string kill_switch_banner(const ConsoleState &state) {
   const auto *flags = object_at(state.status, "flags");
   const Banner banner = banner_for(flags);
   return "<section id=\"kill\" class=\"banner " + banner.cls +
          "\"><div><span class=\"label\">Kill switch</span> <span id=\"kill-state\">" +
          escape(banner.kill_state) + "</span></div><p id=\"claude-state\">" +
          escape(banner.claude_state) + "</p>" + toggle(flags) + "</section>";
}

} // namespace pmat::serve::console
