// SPDX-License-Identifier: MIT
#include "commands.hpp"

#include <core/session.hpp>

#include <boost/json/parse.hpp>

#include <iostream>

namespace pmat::cli {
namespace {

// Prints one plugin entry; returns whether it is usable.
bool print_plugin(const boost::json::object &p, bool full_check) {
   const bool usable = p.at("usable").as_bool();
   std::cout << "  " << p.at("file").as_string().c_str() << "\n    ";
   if (!usable) {
      std::cout << "REFUSED: " << p.at("reason").as_string().c_str() << "\n";
      return false;
   }
   std::cout << p.at("plugin_id").as_string().c_str() << " " << p.at("version").as_string().c_str()
             << " (ABI " << p.at("abi").as_string().c_str()
             << "): " << (full_check ? "passes init and a smoke call" : "loadable") << "\n";
   return true;
}

} // namespace

int run_plugins(const std::string &action, const std::string &dir) {
   if (action != "list" && action != "check") {
      std::cerr << "pmat-host: plugins takes list or check\n";
      return k_exit_usage;
   }
   const app::ShimReply reply = app::inspect_plugins(dir, action == "check");
   if (!reply.ok()) {
      std::cerr << "pmat-host: " << reply.error << "\n";
      return k_exit_config;
   }
   const auto report = boost::json::parse(reply.text).as_object();
   std::cout << "plugins in " << report.at("plugin_dir").as_string().c_str() << ":\n";
   bool all_usable = true;
   const auto &plugins = report.at("plugins").as_array();
   for (const auto &value : plugins)
      all_usable = print_plugin(value.as_object(), action == "check") && all_usable;
   if (plugins.empty())
      std::cout << "  (no *.so files)\n";
   return all_usable && !plugins.empty() ? k_exit_ok : k_exit_failure;
}

int run_metrics(const std::string &format, const std::string &plugin_dir) {
   pmat_metrics_format which = PMAT_METRICS_PROMETHEUS_TEXT;
   if (format == "openmetrics")
      which = PMAT_METRICS_OPENMETRICS;
   else if (format == "json")
      which = PMAT_METRICS_JSON;
   else if (format != "prometheus") {
      std::cerr << "pmat-host: --format must be prometheus, openmetrics or json\n";
      return k_exit_usage;
   }
   const auto session = app::open_session_or_report(plugin_dir);
   if (!session)
      return k_exit_config;
   const app::ShimReply reply = session->metrics(which);
   if (!reply.ok()) {
      std::cerr << "pmat-host: " << reply.error << "\n";
      return k_exit_failure;
   }
   std::cout << reply.text;
   return k_exit_ok;
}

} // namespace pmat::cli
