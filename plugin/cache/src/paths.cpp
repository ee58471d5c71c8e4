// SPDX-License-Identifier: MIT
#include <pmat/cache/paths.hpp>

#include <pwd.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace pmat::cache {
namespace {

std::optional<std::filesystem::path> passwd_home() {
   std::vector<char> buf(16384);
   struct passwd pw {};
   struct passwd *found = nullptr;
   if (::getpwuid_r(::geteuid(), &pw, buf.data(), buf.size(), &found) != 0 || !found ||
       !found->pw_dir || !*found->pw_dir)
      return std::nullopt;
   return std::filesystem::path(found->pw_dir);
}

} // namespace

std::optional<std::filesystem::path> default_cache_dir(const GetEnvFn &getenv) {
   const char *xdg = getenv("XDG_CACHE_HOME");
   if (xdg && *xdg == '/') // relative values are invalid per the spec and ignored
      return std::filesystem::path(xdg) / "pmat";
   const char *home = getenv("HOME");
   if (home && *home)
      return std::filesystem::path(home) / ".cache" / "pmat";
   if (auto h = passwd_home())
      return *h / ".cache" / "pmat";
   return std::nullopt;
}

} // namespace pmat::cache
