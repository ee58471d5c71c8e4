#include "admin_token_path.hpp"

#include <cstdlib>
#include <stdexcept>

namespace pmat::app {

std::filesystem::path default_admin_token_path() {
   const char *xdg = std::getenv("XDG_CONFIG_HOME");
   if (xdg && *xdg == '/')
      return std::filesystem::path(xdg) / "pmat" / "admin-token";
   const char *home = std::getenv("HOME");
   if (!home || !*home)
      throw std::runtime_error("neither XDG_CONFIG_HOME nor HOME is set: no place for the "
                               "admin token");
   return std::filesystem::path(home) / ".config" / "pmat" / "admin-token";
}

} // namespace pmat::app
