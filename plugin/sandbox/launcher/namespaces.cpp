// SPDX-License-Identifier: MIT
#include "namespaces.hpp"
#include "privileges.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace pmat::sandbox::launcher {
int namespace_flags(const SandboxConfig &config) {
   int flags = 0;
   if (config.user_ns)
      flags |= CLONE_NEWUSER;
   if (config.mount_ns)
      flags |= CLONE_NEWNS;
   if (config.pid_ns)
      flags |= CLONE_NEWPID;
   if (config.ipc_ns)
      flags |= CLONE_NEWIPC;
   if (config.uts_ns)
      flags |= CLONE_NEWUTS;
   if (config.network != Network::Host)
      flags |= CLONE_NEWNET;
   return flags;
}

pid_t clone_into_namespaces(int flags) {
   // The raw syscall with no stack behaves like fork(); the launcher is single-threaded here.
   return static_cast<pid_t>(syscall(SYS_clone, static_cast<unsigned long>(flags) | SIGCHLD,
                                     nullptr, nullptr, nullptr, nullptr));
}

std::string write_id_maps(pid_t child, const IdMap &ids, bool privileged) {
   std::string proc = "/proc/" + std::to_string(child);
   std::string error;
   if (!privileged)
      error = write_existing_file(proc + "/setgroups", "deny");
   if (error.empty())
      error = write_existing_file(proc + "/uid_map", std::to_string(ids.inside_uid) + " " +
                                                         std::to_string(ids.host_uid) + " 1\n");
   if (error.empty())
      error = write_existing_file(proc + "/gid_map", std::to_string(ids.inside_gid) + " " +
                                                         std::to_string(ids.host_gid) + " 1\n");
   return error;
}

} // namespace pmat::sandbox::launcher
