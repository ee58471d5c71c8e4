// SPDX-License-Identifier: MIT
// Test helper shared by the plugin's suites that look at processes through /proc.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace pmat::test {

// A /proc file's text; empty when the process is gone. Reading a vanished process's file fails
// with ESRCH, which std::istreambuf_iterator would throw; read(2) just stops.
inline std::string proc_text(const std::filesystem::path &file) {
   std::string text;
   const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
   char buffer[4096];
   for (ssize_t n; fd >= 0 && (n = ::read(fd, buffer, sizeof buffer)) > 0;)
      text.append(buffer, static_cast<std::size_t>(n));
   if (fd >= 0)
      ::close(fd);
   return text;
}

} // namespace pmat::test
