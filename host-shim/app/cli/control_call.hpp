// SPDX-License-Identifier: MIT
// One pmat.control/1 command to the plugin, for the one-shot commands (flags, fleet): opens the
// shim on `plugin_dir`, sends `command`, and reports a refusal on stderr.
#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace pmat::cli {

// Returns the exit code (k_exit_ok with the plugin's JSON answer in `reply`).
int control_call(const std::string &plugin_dir, const boost::json::object &command,
                 std::string &reply);

// Sets PMAT_FLAGS_SOURCE for the plugin this process is about to open (empty keeps it), and
// keeps this one-shot process out of the fleet view (PMAT_FLEET_HEARTBEAT=false).
// [main thread, before the shim is opened]
void use_flags_source(const std::string &source);

} // namespace pmat::cli
