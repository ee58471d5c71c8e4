// SPDX-License-Identifier: MIT
#include "directory_watcher.hpp"

#include "plugin_directory.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace pmat::shim {

DirectoryWatcher::DirectoryWatcher(const std::filesystem::path &dir) {
   fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
   if (fd_ < 0)
      throw std::system_error(errno, std::generic_category(), "inotify_init1");
   if (::inotify_add_watch(fd_, dir.c_str(), IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
      const int error = errno;
      ::close(fd_);
      throw std::system_error(error, std::generic_category(), "inotify_add_watch " + dir.string());
   }
}

DirectoryWatcher::~DirectoryWatcher() {
   if (fd_ >= 0)
      ::close(fd_);
}

std::vector<std::string> DirectoryWatcher::read_changed_names() {
   std::vector<std::string> names;
   alignas(inotify_event) std::array<char, 16 * 1024> buffer{};
   for (;;) {
      const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
      if (n <= 0)
         break; // EAGAIN: drained
      for (ssize_t offset = 0; offset < n;) {
         const auto *event = reinterpret_cast<const inotify_event *>(buffer.data() + offset);
         if (event->len > 0 && is_plugin_file_name(event->name))
            names.emplace_back(event->name);
         offset += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      }
   }
   return names;
}

} // namespace pmat::shim
