#include "doctor.hpp"

#include "cache_check.hpp"
#include "claude_check.hpp"
#include "flags_check.hpp"
#include "node_check.hpp"
#include "plugin_session.hpp"
#include "plugins_check.hpp"
#include "sandbox_check.hpp"
#include "token_check.hpp"

#include <chrono>

namespace pmat::doctor {
namespace {

namespace json = boost::json;

struct Want {
   bool wanted;
   std::string why;
};

const json::object *applied_flags(const PluginSession &session) {
   const auto *flags = session.status ? session.status->if_contains("flags") : nullptr;
   return flags && flags->is_object() ? &flags->as_object() : nullptr;
}

bool flag(const json::object &flags, const char *key) {
   const auto *value = flags.if_contains(key);
   return value && value->is_bool() && value->as_bool();
}

// Whether the configuration would ever send a request to Claude.
Want claude_wanted(const Options &options, const PluginSession &session) {
   if (options.engine == "native")
      return {false, "--engine native"};
   const auto *flags = applied_flags(session);
   if (!flags)
      return options.engine == "claude"
                 ? Want{true, "--engine claude"}
                 : Want{false, "no plugin status, so no flags say to ask Claude"};
   if (flag(*flags, "kill_switch"))
      return {false, "the kill switch is engaged"};
   if (flag(*flags, "rollback_latched"))
      return {false, "an auto-rollback is latched"};
   if (options.engine == "claude")
      return {true, "--engine claude"};
   const auto *strategy = flags->if_contains("strategy");
   const std::string name =
       strategy && strategy->is_string() ? std::string(strategy->as_string()) : "";
   if (name == "disabled")
      return {false, "engine auto and the flags' strategy is disabled"};
   return {true, "engine auto and the flags' strategy is " + name};
}

void apply_needs(Report &report) {
   for (auto &check : report.checks) {
      if (check.scope != Scope::Claude || report.claude_wanted)
         continue;
      check.needed = false;
      if (check.status == Status::Fail) {
         check.status = Status::Warn;
         check.reason += (check.reason.empty() ? "" : "; ") +
                         std::string("not needed now: Claude is not asked (") + report.claude_why +
                         ")";
      }
   }
}

Check engine_check(const Report &report) {
   Check check = ok("claude.engine", "engine " + report.options.engine + ": Claude is " +
                                         (report.claude_wanted ? "" : "not ") + "asked (" +
                                         report.claude_why + ")");
   check.data = {{"engine", report.options.engine}, {"claude_wanted", report.claude_wanted}};
   return check;
}

void run_checks(Report &report) {
   // Before the plugin loads: loading it creates the cache directory, and the report says what
   // the doctor found, not what it made.
   Checks local;
   check_cache(local);
   check_admin_token(local);
   const PluginSession session = load_plugin_session(report.options.plugin_dir);
   const Want want = claude_wanted(report.options, session);
   report.claude_wanted = want.wanted;
   report.claude_why = want.why;
   check_plugins(report.options.plugin_dir, session, report.checks);
   report.checks.push_back(engine_check(report));
   const BridgeSetup bridge = find_bridge();
   check_claude_config(bridge, report.checks);
   check_node(bridge, report.checks);
   check_sandbox(bridge, report.checks);
   check_flags(session, report.checks);
   report.checks.insert(report.checks.end(), local.begin(), local.end());
   if (report.options.check_api)
      report.checks.push_back(check_api(bridge));
}

} // namespace

Report run_doctor(const Options &options) {
   const auto started = std::chrono::steady_clock::now();
   Report report;
   report.options = options;
   run_checks(report);
   apply_needs(report);
   report.elapsed_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - started)
                                             .count());
   report.exit_code = 0;
   for (const auto &check : report.checks)
      if (check.status == Status::Fail)
         report.exit_code = 1;
   return report;
}

} // namespace pmat::doctor
