#include "token_check.hpp"

#include "paths.hpp"

#include <core/admin_token_path.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace pmat::doctor {
namespace {

std::string octal_mode(mode_t mode) {
   char text[8];
   std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
   return text;
}

Check judge(const std::string &path) {
   struct stat st {};
   if (::lstat(path.c_str(), &st) != 0 && errno == ENOENT)
      return ok("serve.admin_token", path + ": not created yet (serve creates it with mode 0600)");
   if (st.st_mode == 0)
      return fail("serve.admin_token", "cannot stat " + path, std::strerror(errno),
                  "make its directory readable by the user serve runs as");
   if (!S_ISREG(st.st_mode))
      return fail("serve.admin_token", path + " is not a regular file",
                  "serve opens it without following links and refuses it",
                  "remove it; serve creates a new token on its next start");
   if ((st.st_mode & 077) != 0)
      return fail("serve.admin_token", path + " has mode " + octal_mode(st.st_mode),
                  "others may read the admin token; serve refuses to start with it",
                  "chmod 600 " + path);
   return ok("serve.admin_token", path + ": mode " + octal_mode(st.st_mode));
}

} // namespace

void check_admin_token(Checks &out) {
   std::optional<std::filesystem::path> path;
   try {
      path = pmat::app::default_admin_token_path(); // the very path serve uses
   } catch (const std::runtime_error &) {
      path.reset();
   }
   if (!path) {
      out.push_back(warn("serve.admin_token", "no place for the admin token",
                         "neither XDG_CONFIG_HOME nor HOME is set; serve cannot start",
                         "set HOME, or pass serve --token-file PATH"));
      return;
   }
   Check check = judge(path->string());
   check.data = {{"path", path->string()}};
   out.push_back(std::move(check));
}

} // namespace pmat::doctor
