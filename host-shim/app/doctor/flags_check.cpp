#include "flags_check.hpp"

namespace pmat::doctor {
namespace {

namespace json = boost::json;

const json::object *applied_flags(const PluginSession &session) {
   if (!session.status)
      return nullptr;
   const auto *flags = session.status->if_contains("flags");
   return flags && flags->is_object() ? &flags->as_object() : nullptr;
}

bool flag(const json::object &flags, const char *key) {
   const auto *value = flags.if_contains(key);
   return value && value->is_bool() && value->as_bool();
}

std::string strategy_text(const json::object &flags) {
   const auto *strategy = flags.if_contains("strategy");
   std::string text = strategy && strategy->is_string() ? std::string(strategy->as_string()) : "?";
   const auto *percentage = flags.if_contains("percentage");
   if (text == "percentage" && percentage && percentage->is_int64())
      text += " " + std::to_string(percentage->as_int64()) + " %";
   return text;
}

Check document_check(const PluginSession &session) {
   const auto *flags = applied_flags(session);
   if (!flags)
      return warn("flags.document", "unknown",
                  session.opened
                      ? "the serving plugin has no flags status: " + session.control_error
                      : "no plugin loaded",
                  "serve libpmat_claude.so (see plugins.serving)");
   Check check;
   const std::string strategy = "strategy " + strategy_text(*flags);
   if (flag(*flags, "kill_switch"))
      check =
          warn("flags.document", "kill switch engaged (" + strategy + ")",
               "Claude is off for every request, --engine claude included",
               "pmat-host flags kill off (an engaged PMAT_CLAUDE_KILL_SWITCH must be unset too)");
   else if (flag(*flags, "rollback_latched"))
      check = warn("flags.document", "auto-rollback latched (" + strategy + ")",
                   "Claude stays off until an operator clears it",
                   "find the cause (docs/operations.md, Auto-rollback), then pmat-host flags "
                   "clear-rollback");
   else
      check = ok("flags.document", strategy + ", kill switch off, no rollback latched");
   check.data = *flags;
   return check;
}

} // namespace

void check_flags(const PluginSession &session, Checks &out) {
   const auto source = configured_flags_source();
   Check health = source->health(session);
   health.data = {{"kind", source->kind()}, {"location", source->location()}};
   out.push_back(std::move(health));
   out.push_back(document_check(session));
}

} // namespace pmat::doctor
