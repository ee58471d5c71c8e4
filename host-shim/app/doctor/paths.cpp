#include "paths.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace pmat::doctor {
namespace {

std::optional<std::filesystem::path> passwd_home() {
   std::vector<char> buffer(16384);
   struct passwd entry {};
   struct passwd *found = nullptr;
   if (::getpwuid_r(::geteuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found ||
       !found->pw_dir || !*found->pw_dir)
      return std::nullopt;
   return std::filesystem::path(found->pw_dir);
}

} // namespace

std::optional<std::filesystem::path> user_path(const char *xdg_variable, const char *home_dir,
                                               const char *relative, bool passwd_fallback) {
   if (const char *xdg = std::getenv(xdg_variable); xdg && *xdg == '/')
      return std::filesystem::path(xdg) / relative;
   if (const char *home = std::getenv("HOME"); home && *home)
      return std::filesystem::path(home) / home_dir / relative;
   if (const auto home = passwd_fallback ? passwd_home() : std::nullopt)
      return *home / home_dir / relative;
   return std::nullopt;
}

} // namespace pmat::doctor
