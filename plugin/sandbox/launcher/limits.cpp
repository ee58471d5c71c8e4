#include "limits.hpp"
#include "privileges.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pmat::sandbox::launcher {
namespace {

constexpr rlim_t mib = 1024 * 1024;

std::string set_limit(int resource, const char *name, rlim_t value) {
   rlimit limit{value, value};
   if (setrlimit(resource, &limit) == 0)
      return "";
   return std::string("setrlimit ") + name + ": " + std::strerror(errno);
}

} // namespace

std::string apply_rlimits(const SandboxConfig &config) {
   struct Item {
      int resource;
      const char *name;
      rlim_t value;
   };
   const Item items[] = {
       {RLIMIT_CORE, "CORE", 0},
       {RLIMIT_DATA, "DATA", config.data_mib * mib},
       {RLIMIT_NOFILE, "NOFILE", config.nofile},
       {RLIMIT_NPROC, "NPROC", config.nproc},
       {RLIMIT_CPU, "CPU", config.cpu_seconds},
       {RLIMIT_FSIZE, "FSIZE", config.fsize_mib * mib},
   };
   for (const auto &item : items) {
      std::string error = set_limit(item.resource, item.name, item.value);
      if (!error.empty())
         return error;
   }
   return "";
}

std::string join_cgroup(const SandboxConfig &config, pid_t pid, std::string &created) {
   if (config.cgroup_parent.empty())
      return "no --cgroup-parent given";
   std::string dir = config.cgroup_parent + "/pmat-sandbox-" + std::to_string(getpid());
   if (mkdir(dir.c_str(), 0755) != 0)
      return dir + ": " + std::strerror(errno);
   created = dir;
   std::string error;
   if (config.cgroup_memory_mib != 0)
      error =
          write_existing_file(dir + "/memory.max", std::to_string(config.cgroup_memory_mib * mib));
   if (error.empty() && config.cgroup_pids != 0)
      error = write_existing_file(dir + "/pids.max", std::to_string(config.cgroup_pids));
   if (error.empty())
      error = write_existing_file(dir + "/cgroup.procs", std::to_string(pid));
   return error;
}

void remove_cgroup(const std::string &created) {
   if (!created.empty())
      rmdir(created.c_str());
}

} // namespace pmat::sandbox::launcher
