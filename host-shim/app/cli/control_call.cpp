// SPDX-License-Identifier: MIT
#include "control_call.hpp"

#include "commands.hpp"
#include <core/session.hpp>

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <iostream>

namespace pmat::cli {

int control_call(const std::string &plugin_dir, const boost::json::object &command,
                 std::string &reply) {
   const auto session = app::open_session_or_report(plugin_dir);
   if (!session)
      return k_exit_config;
   const app::ShimReply answer = session->control(boost::json::serialize(command));
   reply = answer.text;
   if (answer.ok())
      return k_exit_ok;
   std::cerr << "pmat-host: " << answer.error << "\n";
   return answer.status == PMAT_STATUS_INVALID_ARGUMENT ? k_exit_usage : k_exit_failure;
}

void use_flags_source(const std::string &source) {
   ::setenv("PMAT_FLEET_HEARTBEAT", "false", 1); // an operator's command is not a fleet host
   if (!source.empty())
      ::setenv("PMAT_FLAGS_SOURCE", source.c_str(), 1); // read by the plugin when it starts
}

} // namespace pmat::cli
