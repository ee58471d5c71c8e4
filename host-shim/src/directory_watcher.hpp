// SPDX-License-Identifier: MIT
// inotify on a plugins directory: reports plugin files that were renamed into it or finished
// being written. Watching the directory (not the file) sees atomic installs by rename.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pmat::shim {

class DirectoryWatcher {
 public:
   // Throws std::system_error when inotify cannot watch `dir`.
   explicit DirectoryWatcher(const std::filesystem::path &dir);
   ~DirectoryWatcher();
   DirectoryWatcher(const DirectoryWatcher &) = delete;
   DirectoryWatcher &operator=(const DirectoryWatcher &) = delete;

   // Non-blocking descriptor to poll for readability.
   int fd() const { return fd_; }

   // Reads pending events; returns the plugin file names they concern (may repeat).
   std::vector<std::string> read_changed_names();

 private:
   int fd_ = -1;
};

} // namespace pmat::shim
