#include "orphans.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace pmat::sandbox::launcher {

bool launcher_gone(const char *name, const char *prefix) {
   const std::size_t length = std::strlen(prefix);
   if (std::strncmp(name, prefix, length) != 0)
      return false;
   char *end = nullptr;
   const long pid = std::strtol(name + length, &end, 10);
   if (end == name + length || (*end != '\0' && *end != '-') || pid <= 0 || pid == getpid())
      return false;
   return kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

} // namespace pmat::sandbox::launcher
