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

struct Hierarchies; // the cgroup mounts and the launcher's place in each (cgroup.cpp)

// Joining a cgroup takes one of two roads. Moving another process (a write of its pid to
// cgroup.procs) takes the kernel's global threadgroup lock for writing, which waits for an RCU
// grace period: 5-12 ms measured on the CI machine, per worker. A single-threaded process moving
// itself through a v1 `tasks` file ("0") skips that lock (0.03 ms). So on v1 the launcher
// prepares the cgroups while sandbox-init builds its view and hands it the open `tasks` files
// (opened as the launcher, whose credentials the kernel checks for that write); sandbox-init
// enters them before it starts the payload. On v2 (no per-thread road for domain cgroups) the
// launcher moves sandbox-init by pid, also while it builds its view.
class WorkerCgroup {
 public:
   // Creates pmat-w-<launcher pid> in each hierarchy and writes the limits; on v1 also opens
   // each `tasks` file (task_files()). "" or why not (anything created so far is removed).
   std::string prepare(const SandboxConfig &config);
   // v2: moves `pid` in; "" or why not (the cgroups are then removed). v1: nothing to do here.
   std::string attach(pid_t pid);
   // v1: each prepared cgroup's `tasks`, open for writing, for sandbox-init to enter by writing
   // "0" (see above). Owned here until close_task_files(); empty on v2.
   [[nodiscard]] const std::vector<int> &task_files() const { return task_files_; }
   void close_task_files();
   // Kills what is left in it and removes it. Idempotent.
   void remove();
   // The file that holds the cgroup's memory use in bytes (memory.current on v2,
   // memory.usage_in_bytes on v1); empty before prepare() succeeds.
   [[nodiscard]] const std::string &memory_usage_file() const { return memory_usage_; }

 private:
   std::string prepare_v2(const SandboxConfig &config, const std::string &parent);
   std::string prepare_v1(const SandboxConfig &config, const Hierarchies &hierarchies);
   std::string make(const std::string &parent);

   std::vector<std::string> dirs_; // created, to remove
   std::vector<int> task_files_;   // v1: each cgroup's `tasks`, open for writing
   std::string memory_usage_;
   bool v2_ = false;
};

} // namespace pmat::sandbox::launcher
