// SPDX-License-Identifier: MIT
// The worker's own cgroup: memory (which, unlike RLIMIT_DATA, counts memfd, shared memory, tmpfs
// and page cache), the number of tasks, and a CPU weight, for the sandbox as a whole.
//
// --cgroup-parent auto finds the launcher's own cgroups: on cgroup v2 it needs the memory and pids
// controllers delegated to the launcher's cgroup (possible when that is the root of the
// hierarchy; otherwise name an empty delegated cgroup explicitly); on a hybrid or v1 host (this
// project's CI) it uses the v1 memory, pids and cpu hierarchies, nesting the worker's cgroup under
// the launcher's, so outer limits still apply. --cgroup-parent DIR names a cgroup v2 directory.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

#include <pmat/sandbox/command_line.hpp>

namespace pmat::sandbox::launcher {

// Joining a cgroup takes one of two roads. Moving another process (a write of its pid to
// cgroup.procs) takes the kernel's global threadgroup lock for writing, which waits for an RCU
// grace period: 5-12 ms measured on the CI machine, per worker. A single-threaded process moving
// itself through a v1 `tasks` file ("0") skips that lock (0.03 ms). So on v1 the launcher
// prepares the cgroups before it clones sandbox-init and hands it the open `tasks` files (opened
// as the launcher, whose credentials the kernel checks); sandbox-init enters them first thing.
// On v2 (no per-thread road for domain cgroups) the launcher moves the child by pid.
class WorkerCgroup {
 public:
   // Launcher, before the clone: creates pmat-w-<launcher pid> in each hierarchy and writes the
   // limits; on v1 also opens each `tasks` file for enter_self(). "" or why not (anything
   // created so far is removed).
   std::string prepare(const SandboxConfig &config);
   // sandbox-init, single-threaded, before anything else: moves itself into the prepared v1
   // cgroups and closes the files. "" on v2 (nothing to do) or when nothing was prepared.
   std::string enter_self();
   // Launcher, after the clone: closes its copies of the `tasks` files; on v2 moves `pid` in.
   // "" or why not (the cgroups are then removed).
   std::string attach(pid_t pid);
   // Kills what is left in it and removes it. Idempotent.
   void remove();
   // The file that holds the cgroup's memory use in bytes (memory.current on v2,
   // memory.usage_in_bytes on v1); empty before prepare() succeeds.
   [[nodiscard]] const std::string &memory_usage_file() const { return memory_usage_; }

 private:
   std::string prepare_v2(const SandboxConfig &config, const std::string &parent);
   std::string prepare_v1(const SandboxConfig &config);
   std::string make(const std::string &parent);
   void close_task_files();

   std::vector<std::string> dirs_; // created, to remove
   std::vector<int> task_files_;   // v1: each cgroup's `tasks`, open for writing
   std::string memory_usage_;
   bool v2_ = false;
};

} // namespace pmat::sandbox::launcher
