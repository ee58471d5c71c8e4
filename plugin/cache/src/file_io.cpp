// SPDX-License-Identifier: MIT
#include "file_io.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pmat::cache::detail {
namespace {

bool read_all(int fd, std::string &out) {
   std::size_t done = 0;
   while (done < out.size()) {
      const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         return false;
      done += static_cast<std::size_t>(n);
   }
   return true;
}

bool write_all(int fd, std::string_view bytes) {
   while (!bytes.empty()) {
      const ssize_t n = ::write(fd, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
   }
   return true;
}

} // namespace

std::optional<std::string> read_whole_file(const std::filesystem::path &path,
                                           std::size_t max_size) noexcept {
   try {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0)
         return std::nullopt;
      struct stat st {};
      std::optional<std::string> out;
      if (::fstat(fd, &st) == 0 && st.st_size >= 0 &&
          static_cast<std::size_t>(st.st_size) <= max_size) {
         std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
         if (read_all(fd, bytes))
            out = std::move(bytes);
      }
      ::close(fd);
      return out;
   } catch (...) {
      return std::nullopt;
   }
}

bool write_file_atomically(const std::filesystem::path &tmp, const std::filesystem::path &target,
                           std::string_view bytes) noexcept {
   const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
   if (fd < 0)
      return false;
   // No fsync: a cache may lose its newest entries on power loss, and the reader's checksum
   // turns whatever a lost write leaves (an empty, short or zero-filled file) into a miss. A
   // flush per entry would cost a disk round trip per analysed file.
   bool ok = write_all(fd, bytes);
   ok = (::close(fd) == 0) && ok;
   ok = ok && ::rename(tmp.c_str(), target.c_str()) == 0;
   if (!ok)
      ::unlink(tmp.c_str());
   return ok;
}

} // namespace pmat::cache::detail
