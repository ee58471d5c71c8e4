// SPDX-License-Identifier: MIT
// The sandbox's layers by name: shared by the launcher (which sets them up and reports them) and
// the plugin (which asks for them and reads the report back), so the two cannot drift.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace pmat::sandbox {

enum class Layer {
   Session,   // setsid: no controlling terminal (TIOCSTI), own process group
   Pdeathsig, // the payload dies with the launcher, the launcher with the pool
   UserNs,
   MountNs,
   PidNs,
   IpcNs,
   UtsNs,
   NetNs,      // fresh network namespace; loopback only
   Egress,     // forwarder to the one allowed API endpoint
   Filesystem, // read-only view, private writable sandbox dir
   Identity,   // nobody:nogroup (when started as root) and no supplementary groups
   Rlimits,
   Cgroup, // cgroup v2 memory.max / pids.max
   Fds,    // every inherited fd above 2 closed
   Env,    // environment allow-list
   Caps,   // all capabilities dropped (effective, permitted, inheritable, bounding, ambient)
   NoNewPrivs,
   Seccomp,
};

inline constexpr std::size_t k_layer_count = 18;

// The report's and the command line's spelling of each layer ("userns", "seccomp", ...).
std::string_view layer_name(Layer layer);
std::optional<Layer> layer_from_name(std::string_view name);
const std::array<Layer, k_layer_count> &all_layers();

// Exit statuses of pmat-sandbox-exec itself (the payload's own statuses pass through unchanged).
inline constexpr int k_exit_usage = 64;        // bad command line (sysexits EX_USAGE)
inline constexpr int k_exit_layer_failed = 70; // a required layer could not be set up: fail closed
inline constexpr int k_exit_exec_failed = 127; // the payload could not be executed

} // namespace pmat::sandbox
