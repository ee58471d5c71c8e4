// SPDX-License-Identifier: MIT
#include "limits.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pmat::sandbox::launcher {
namespace {

constexpr rlim_t k_mib = 1024 * 1024;

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
       {RLIMIT_DATA, "DATA", config.data_mib * k_mib},
       {RLIMIT_NOFILE, "NOFILE", config.nofile},
       {RLIMIT_NPROC, "NPROC", config.nproc},
       {RLIMIT_CPU, "CPU", config.cpu_seconds},
       {RLIMIT_FSIZE, "FSIZE", config.fsize_mib * k_mib},
   };
   for (const auto &item : items) {
      std::string error = set_limit(item.resource, item.name, item.value);
      if (!error.empty())
         return error;
   }
   return "";
}

} // namespace pmat::sandbox::launcher
