// SPDX-License-Identifier: MIT
#include "allowed_roots.hpp"

#include "api_error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <stdexcept>

namespace fs = std::filesystem;

namespace pmat::app {
namespace {

bool is_within(const fs::path &root, const fs::path &path) {
   auto r = root.begin();
   auto p = path.begin();
   for (; r != root.end(); ++r, ++p) {
      if (p == path.end() || *r != *p)
         return false;
   }
   return true;
}

ApiError outside(const std::string &requested) {
   return ApiError(403, "path_outside_roots",
                   "'" + requested + "' is not under an allowed root (--allow-root)");
}

// Closes the descriptor on every path out of read_file.
struct Fd {
   int fd;
   ~Fd() {
      if (fd >= 0)
         ::close(fd);
   }
};

fs::path fd_real_path(int fd) {
   std::array<char, 4096> buffer{};
   const std::string link = "/proc/self/fd/" + std::to_string(fd);
   const ssize_t n = ::readlink(link.c_str(), buffer.data(), buffer.size() - 1);
   if (n <= 0)
      throw ApiError(500, "io_error", "cannot resolve an opened file");
   return fs::path(std::string(buffer.data(), static_cast<std::size_t>(n)));
}

std::string read_all(int fd, std::size_t size) {
   std::string content(size, '\0');
   std::size_t got = 0;
   while (got < size) {
      const ssize_t n = ::read(fd, content.data() + got, size - got);
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0)
         throw ApiError(500, "io_error", "cannot read the file");
      if (n == 0)
         break; // the file shrank while being read: analyse what is there
      got += static_cast<std::size_t>(n);
   }
   content.resize(got);
   return content;
}

} // namespace

AllowedRoots::AllowedRoots(const std::vector<std::string> &roots) {
   for (const auto &root : roots) {
      std::error_code ec;
      fs::path canonical = fs::canonical(root, ec);
      if (ec || !fs::is_directory(canonical))
         throw std::runtime_error("allowed root '" + root + "' is not an existing directory");
      roots_.push_back(std::move(canonical));
   }
}

bool AllowedRoots::contains(const fs::path &canonical) const {
   return std::any_of(roots_.begin(), roots_.end(),
                      [&](const fs::path &root) { return is_within(root, canonical); });
}

fs::path AllowedRoots::resolve(const std::string &requested) const {
   if (roots_.empty())
      throw ApiError(403, "path_outside_roots",
                     "no allowed roots are configured: start the server with --allow-root DIR");
   if (requested.empty() || requested.find('\0') != std::string::npos)
      throw ApiError(400, "invalid_path", "'path' must be a non-empty path");
   const fs::path absolute =
       fs::path(requested).is_absolute() ? fs::path(requested) : roots_.front() / requested;
   // Checked before existence, so that nothing is revealed about files outside the roots.
   std::error_code ec;
   const fs::path lexical = fs::weakly_canonical(absolute, ec);
   if (ec || !contains(lexical))
      throw outside(requested);
   const fs::path canonical = fs::canonical(absolute, ec);
   if (ec)
      throw ApiError(404, "not_found", "'" + requested + "' does not exist");
   if (!contains(canonical))
      throw outside(requested);
   return canonical;
}

std::string AllowedRoots::read_file(const fs::path &canonical, std::size_t max_bytes) const {
   Fd file{::open(canonical.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)};
   if (file.fd < 0)
      throw ApiError(404, "not_found", "cannot open '" + canonical.string() + "'");
   if (!contains(fd_real_path(file.fd)))
      throw outside(canonical.string());
   struct stat st {};
   if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode))
      throw ApiError(400, "not_a_file", "'" + canonical.string() + "' is not a regular file");
   if (static_cast<std::size_t>(st.st_size) > max_bytes)
      throw ApiError(413, "too_large",
                     "the file is larger than the limit of " + std::to_string(max_bytes) +
                         " bytes");
   return read_all(file.fd, static_cast<std::size_t>(st.st_size));
}

} // namespace pmat::app
