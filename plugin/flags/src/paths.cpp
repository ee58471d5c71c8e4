// SPDX-License-Identifier: MIT
#include <pmat/flags/paths.hpp>

#include <pwd.h>
#include <unistd.h>

#include <vector>

namespace pmat::flags {

std::optional<std::filesystem::path> default_flags_path(const GetEnvFn &getenv) {
   if (const char *xdg = getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/')
      return std::filesystem::path(xdg) / "pmat" / "flags.json";
   if (const char *home = getenv("HOME"); home && *home)
      return std::filesystem::path(home) / ".config" / "pmat" / "flags.json";
   std::vector<char> buf(16384);
   struct passwd pw {};
   struct passwd *found = nullptr;
   if (::getpwuid_r(::geteuid(), &pw, buf.data(), buf.size(), &found) != 0 || !found ||
       !found->pw_dir || !*found->pw_dir)
      return std::nullopt;
   return std::filesystem::path(found->pw_dir) / ".config" / "pmat" / "flags.json";
}

} // namespace pmat::flags
