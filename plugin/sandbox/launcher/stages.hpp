// SPDX-License-Identifier: MIT
// The three stages of a launch, in the order of anchors §4:
//   launcher (outside, stays outside): PDEATHSIG, seccomp filter built, endpoint resolved,
//     clone into namespaces, id maps and cgroup for the child, then supervision + egress relay;
//   sandbox-init (pid 1 inside): session, hostname, loopback + egress listener, filesystem view,
//     fork of the payload, then reaping and signal forwarding;
//   payload: identity, rlimits, env, fds, capabilities, NO_NEW_PRIVS, seccomp, report, execve.
// Without a pid namespace sandbox-init becomes the payload itself.
#pragma once

#include "layer_status.hpp"
#include "options.hpp"

namespace pmat::sandbox::launcher {

[[noreturn]] void launch(const Options &options, LayerStatus &status, char **host_env);

} // namespace pmat::sandbox::launcher
