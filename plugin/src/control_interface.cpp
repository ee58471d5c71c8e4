// SPDX-License-Identifier: MIT
// pmat.control/1: the operator's levers (docs/operations.md): status, kill switch, clearing a
// latched rollback, clearing the cache, replacing the flags, the fleet view. Flag changes go
// through the flags file (locked, renamed into place), so every process using it sees them within
// 250 ms.
#include "interfaces.hpp"

#include "c_boundary.hpp"
#include "plugin_buffer.hpp"
#include "runtime.hpp"

#include <pmat/flags/parse.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <map>

namespace pmat::plugin {
namespace {

using Command = boost::json::object (*)(Runtime &, const boost::json::object &);

// The flags source and its health (docs/flags.md "Fleet source"); `pmat-host doctor` reads it.
boost::json::object source_status(const pmat::flags::SourceHealth &health) {
   return {{"kind", health.kind},
           {"location", health.location},
           {"up", health.up},
           {"last_update_unix_ms", health.last_update_unix_ms},
           {"errors", health.errors},
           {"last_error", health.last_error},
           {"revision", health.revision},
           {"serving", health.serving},
           {"document_missing", health.document_missing}};
}

// The auto-rollback's thresholds as they apply now (p95 with its 0 = max_latency_ms resolved) and
// why it latched, so an operator's console can show "error ratio 2 % of 5 % allowed".
boost::json::object rollback_status(const pmat::flags::FlagsConfig &flags) {
   const auto &policy = flags.rollback;
   return {{"enabled", policy.enabled},
           {"window_ms", policy.window_ms},
           {"max_error_ratio", policy.max_error_ratio},
           {"p95_latency_ms", flags.p95_threshold_ms()},
           {"consecutive_windows", policy.consecutive_windows},
           {"min_requests", policy.min_requests},
           {"reason", flags.rollback_reason}};
}

boost::json::object flags_status(Runtime &rt) {
   auto &store = rt.flags();
   const auto &flags = store.current();
   const auto counters = store.counters();
   boost::json::array allowlist;
   for (const auto &caller : flags.allowlist)
      allowlist.push_back(boost::json::string(caller));
   return {{"kill_switch", flags.kill_switch},
           {"strategy", std::string(pmat::flags::to_string(flags.strategy))},
           {"percentage", flags.percentage},
           {"salt", flags.salt},
           {"allowlist", std::move(allowlist)},
           {"max_latency_ms", flags.max_latency_ms},
           {"rollback_latched", store.rollback_latched()},
           {"rollbacks", counters.rollbacks},
           {"reloads", counters.reloads},
           {"reload_errors", counters.reload_errors},
           {"last_error", store.last_error()},
           {"source", source_status(store.source_health())},
           {"rollback", rollback_status(flags)}};
}

boost::json::object cache_status(Runtime &rt) {
   if (!rt.cache())
      return {{"enabled", false}};
   const auto stats = rt.cache()->stats();
   boost::json::array tiers;
   for (const auto &tier : stats.l2)
      tiers.push_back(boost::json::string(tier.first));
   return {{"enabled", true},
           {"l1_hit_rate", stats.l1_hit_rate()},
           {"l2_hit_rate", stats.l2_hit_rate()},
           {"effective_hit_rate", stats.effective_hit_rate()},
           {"l1_entries", stats.l1_entries},
           {"l1_bytes", stats.l1_bytes},
           {"l1_evictions", stats.l1_evictions},
           {"l2_tiers", std::move(tiers)}};
}

boost::json::object pool_status(Runtime &rt) {
   const auto stats = rt.claude().stats();
   return {{"workers", stats.workers},     {"retiring", stats.retiring},
           {"in_flight", stats.in_flight}, {"crashes", stats.crashes},
           {"exhausted", stats.exhausted}, {"breaker", pmat::bridge::to_string(stats.circuit)}};
}

// "refresh": true reads the flags source now (for `pmat-host flags show`), never on a request.
boost::json::object status(Runtime &rt, const boost::json::object &command) {
   if (const auto *refresh = command.if_contains("refresh");
       refresh && refresh->is_bool() && refresh->get_bool())
      rt.flags().reload();
   return {{"flags", flags_status(rt)}, {"cache", cache_status(rt)}, {"pool", pool_status(rt)}};
}

boost::json::object file_result(const pmat::flags::FileResult &result, Runtime &rt) {
   if (!result.ok)
      throw StatusError(PMAT_STATUS_INTERNAL, "flags not changed: " + result.error);
   return {{"ok", true}, {"flags", flags_status(rt)}};
}

boost::json::object kill_switch(Runtime &rt, const boost::json::object &command) {
   const auto *engaged = command.if_contains("engaged");
   if (!engaged || !engaged->is_bool())
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "kill_switch needs \"engaged\": true|false");
   return file_result(rt.flags().set_kill_switch(engaged->get_bool()), rt);
}

boost::json::object clear_rollback(Runtime &rt, const boost::json::object &) {
   return file_result(rt.flags().clear_rollback(), rt);
}

boost::json::object clear_cache(Runtime &rt, const boost::json::object &) {
   if (rt.cache())
      rt.cache()->clear();
   return {{"ok", true}, {"cache", cache_status(rt)}};
}

boost::json::object set_flags(Runtime &rt, const boost::json::object &command) {
   const auto *flags = command.if_contains("flags");
   if (!flags || !flags->is_object())
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "set_flags needs \"flags\": {...}");
   auto parsed = pmat::flags::parse_flags_json(boost::json::serialize(*flags));
   if (!parsed.config)
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "invalid flags: " + parsed.error);
   const auto replacement = *parsed.config;
   return file_result(
       rt.flags().edit([&](pmat::flags::FlagsConfig &config) { config = replacement; }), rt);
}

// The fleet view: every live heartbeat, and the shared document's revision so a host that lags
// behind it shows.
boost::json::object fleet(Runtime &rt, const boost::json::object &) {
   std::string error;
   const auto beats = rt.flags().fleet(error);
   if (!beats)
      throw StatusError(PMAT_STATUS_UNSUPPORTED, error);
   boost::json::array hosts;
   for (const auto &text : *beats) {
      boost::system::error_code ec;
      auto beat = boost::json::parse(text, ec);
      if (!ec && beat.is_object())
         hosts.push_back(std::move(beat));
   }
   rt.flags().reload();
   const auto health = rt.flags().source_health();
   return {{"source", health.location},
           {"document_revision", health.revision},
           {"hosts", std::move(hosts)}};
}

const std::map<std::string, Command, std::less<>> k_commands = {
    {"status", status},           {"fleet", fleet},
    {"kill_switch", kill_switch}, {"clear_rollback", clear_rollback},
    {"clear_cache", clear_cache}, {"set_flags", set_flags}};

// The command object and its handler; throws StatusError for a malformed or unknown command.
std::pair<boost::json::object, Command> parse_command(const char *command_json) {
   boost::system::error_code ec;
   auto parsed = boost::json::parse(command_json, ec);
   auto *object = ec ? nullptr : parsed.if_object();
   const auto *name = object ? object->if_contains("command") : nullptr;
   if (!name || !name->is_string())
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                        "a command is a JSON object with a \"command\" string");
   const auto found = k_commands.find(std::string_view(name->get_string()));
   if (found == k_commands.end())
      throw StatusError(PMAT_STATUS_UNSUPPORTED,
                        "unknown command \"" + std::string(name->get_string()) + "\"");
   return {std::move(*object), found->second};
}

pmat_status execute(const char *command_json, pmat_plugin_buffer *result_out) {
   return guarded([&]() -> pmat_status {
      if (result_out)
         *result_out = pmat_plugin_buffer{};
      if (!command_json || !result_out)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                           "command_json and result_out are required");
      Runtime &rt = require_runtime("control used");
      const auto [command, handler] = parse_command(command_json);
      fill_buffer(boost::json::serialize(handler(rt, command)), result_out);
      return PMAT_STATUS_OK;
   });
}

void release(pmat_plugin_buffer *buffer) {
   release_buffer(buffer);
}

const pmat_control k_control = {sizeof(pmat_control), execute, release};

} // namespace

const pmat_control *control_interface() {
   return &k_control;
}

} // namespace pmat::plugin
