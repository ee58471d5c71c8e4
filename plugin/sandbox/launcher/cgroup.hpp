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

class WorkerCgroup {
 public:
   // Creates pmat-w-<launcher pid> in each hierarchy, writes the limits and moves `pid` in.
   // "" or why not (anything created so far is removed).
   std::string join(const SandboxConfig &config, pid_t pid);
   // Kills what is left in it and removes it. Idempotent.
   void remove();
   // The file that holds the cgroup's memory use in bytes (memory.current on v2,
   // memory.usage_in_bytes on v1); empty before join() succeeds.
   [[nodiscard]] const std::string &memory_usage_file() const { return memory_usage_; }

 private:
   std::string join_v2(const SandboxConfig &config, const std::string &parent, pid_t pid);
   std::string join_v1(const SandboxConfig &config, pid_t pid);
   std::string make(const std::string &parent);

   std::vector<std::string> dirs_; // created, to remove
   std::string memory_usage_;
   bool v2_ = false;
};

} // namespace pmat::sandbox::launcher
