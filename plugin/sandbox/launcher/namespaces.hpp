// SPDX-License-Identifier: MIT
// Namespaces: which clone flags the options ask for, starting the sandbox-init process in them,
// and the uid/gid maps the launcher writes for it from outside.
#pragma once

#include <string>
#include <sys/types.h>

#include <pmat/sandbox/command_line.hpp>

namespace pmat::sandbox::launcher {

int namespace_flags(const SandboxConfig &config);
// fork() with CLONE_NEW* flags (raw clone: the child returns 0, like fork). -1 and errno on error.
pid_t clone_into_namespaces(int flags);
// Maps one id: inside == outside == `uid`/`gid` (65534 when the launcher is root, else the
// caller's own ids, which needs setgroups "deny").
std::string write_id_maps(pid_t child, uid_t uid, gid_t gid, bool privileged);

} // namespace pmat::sandbox::launcher
