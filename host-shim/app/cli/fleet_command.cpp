// SPDX-License-Identifier: MIT
// pmat-host fleet: the hosts sharing the flags source, from their heartbeats (docs/flags.md
// "Fleet view"): versions and plugin generation, the flags revision each applies (and who lags
// behind the document), kill switch, latch, error ratio, last seen.
#include "commands.hpp"
#include "control_call.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace pmat::cli {
namespace {

std::string text(const boost::json::object &host, const char *key) {
   const auto *value = host.if_contains(key);
   if (!value)
      return "-";
   return value->is_string() ? std::string(value->get_string()) : boost::json::serialize(*value);
}

std::int64_t number(const boost::json::object &host, const char *key) {
   const auto *value = host.if_contains(key);
   return value && value->is_number() ? value->to_number<std::int64_t>() : 0;
}

std::string row(const boost::json::object &host, std::int64_t revision, std::int64_t now_ms) {
   const std::int64_t applied = number(host, "flags_revision");
   const std::string flags =
       std::to_string(applied) +
       (applied < revision ? " (behind " + std::to_string(revision - applied) + ")" : "");
   char line[512];
   std::snprintf(line, sizeof line, "%-28s %-14s %-14s %-4s %-14s %-5s %-7s %-9.3f %llds ago",
                 text(host, "host_id").c_str(), text(host, "pmat_host_version").c_str(),
                 text(host, "plugin_version").c_str(), text(host, "plugin_generation").c_str(),
                 flags.c_str(), text(host, "kill_switch").c_str(),
                 text(host, "rollback_latched").c_str(),
                 host.contains("error_ratio") ? host.at("error_ratio").to_number<double>() : 0.0,
                 static_cast<long long>((now_ms - number(host, "last_seen_unix_ms")) / 1000));
   return line;
}

void print_table(const boost::json::object &fleet) {
   const auto revision = number(fleet, "document_revision");
   const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
   std::cout << "source " << text(fleet, "source") << ", document revision " << revision << "\n";
   std::printf("%-28s %-14s %-14s %-4s %-14s %-5s %-7s %-9s %s\n", "HOST", "PMAT-HOST", "PLUGIN",
               "GEN", "FLAGS-REV", "KILL", "LATCHED", "ERR-RATIO", "LAST-SEEN");
   std::cout.flush();
   for (const auto &host : fleet.at("hosts").as_array())
      std::cout << row(host.as_object(), revision, now) << "\n";
}

} // namespace

int run_fleet(const std::string &plugin_dir, const std::string &source, const std::string &format) {
   if (format != "text" && format != "json")
      throw std::invalid_argument("fleet --format takes text or json");
   use_flags_source(source);
   std::string reply;
   const int code = control_call(plugin_dir, {{"command", "fleet"}}, reply);
   if (code != k_exit_ok)
      return code;
   if (format == "json")
      std::cout << reply << "\n";
   else
      print_table(boost::json::parse(reply).as_object());
   return k_exit_ok;
}

} // namespace pmat::cli
