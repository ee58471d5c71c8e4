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
// One uid and one gid of the child's user namespace and what they are on the host.
struct IdMap {
   uid_t inside_uid;
   uid_t host_uid;
   gid_t inside_gid;
   gid_t host_gid;
};
// Writes the child's uid_map and gid_map, one id each: as root 65534 inside = the worker's own
// host id; otherwise the caller's own ids on both sides, which needs setgroups "deny" first.
std::string write_id_maps(pid_t child, const IdMap &ids, bool privileged);

} // namespace pmat::sandbox::launcher
