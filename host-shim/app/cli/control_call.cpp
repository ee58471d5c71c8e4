#include "control_call.hpp"

#include "commands.hpp"
#include <core/session.hpp>

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <iostream>

namespace pmat::cli {

int control_call(const std::string &plugin_dir, const boost::json::object &command,
                 std::string &reply) {
   const ShimHandle shim = open_shim_or_report(plugin_dir);
   if (!shim)
      return k_exit_config;
   char *answer = nullptr;
   std::size_t size = 0;
   const std::string text = boost::json::serialize(command);
   const pmat_status status = pmat_shim_control(shim.get(), text.c_str(), &answer, &size);
   reply = take_shim_buffer(answer, size);
   if (status == PMAT_STATUS_OK)
      return k_exit_ok;
   std::cerr << "pmat-host: " << pmat_shim_last_error() << "\n";
   return status == PMAT_STATUS_INVALID_ARGUMENT ? k_exit_usage : k_exit_failure;
}

void use_flags_source(const std::string &source) {
   ::setenv("PMAT_FLEET_HEARTBEAT", "false", 1); // an operator's command is not a fleet host
   if (!source.empty())
      ::setenv("PMAT_FLAGS_SOURCE", source.c_str(), 1); // read by the plugin when it starts
}

} // namespace pmat::cli
