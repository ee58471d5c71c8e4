// The sandbox the Claude workers would run in: the launcher (pmat-sandbox-exec), a dry run of
// it with the layer set the plugin asks for (the worker's node and bridge folder bound
// read-only, egress to the configured endpoint, the configured cgroup) around a trivial payload,
// one line per layer from its JSON report, and the host's cgroup v2 delegation. The host never
// links the plugin or the sandbox library: it runs the launcher and reads its report line.
#pragma once

#include "check.hpp"
#include "node_check.hpp"

namespace pmat::doctor {

void check_sandbox(const BridgeSetup &bridge, Checks &out);

} // namespace pmat::doctor
