// SPDX-License-Identifier: MIT
#include "plugin_directory.hpp"

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace pmat::shim {

bool is_plugin_file_name(std::string_view name) {
   return name.size() > 3 && name.front() != '.' && name.ends_with(".so");
}

std::filesystem::path resolve_plugin_dir(std::string_view explicit_dir) {
   if (!explicit_dir.empty())
      return std::filesystem::path(explicit_dir);
   if (const char *env = std::getenv("PMAT_PLUGIN_PATH"); env && *env)
      return std::filesystem::path(env);
   std::error_code ec;
   const std::filesystem::path installed(PMAT_INSTALL_PLUGIN_DIR);
   if (std::filesystem::is_directory(installed, ec))
      return installed;
   return std::filesystem::path(PMAT_BUILD_PLUGIN_DIR);
}

std::vector<std::filesystem::path> list_plugin_files(const std::filesystem::path &dir) {
   std::vector<std::filesystem::path> files;
   std::error_code ec;
   for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.is_regular_file(ec) && is_plugin_file_name(entry.path().filename().string()))
         files.push_back(entry.path());
   }
   std::sort(files.begin(), files.end());
   return files;
}

} // namespace pmat::shim
