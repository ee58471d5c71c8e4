// SPDX-License-Identifier: MIT
#include <pmat/flags/flags_file.hpp>
#include <pmat/flags/parse.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace pmat::flags {
namespace {

// Holds flock(LOCK_EX) on "<file>.lock" for its lifetime.
class EditLock {
 public:
   explicit EditLock(const fs::path &file) {
      const std::string lock = file.string() + ".lock";
      fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd_ >= 0)
         ::flock(fd_, LOCK_EX);
   }
   ~EditLock() {
      if (fd_ >= 0)
         ::close(fd_); // releases the lock
   }
   EditLock(const EditLock &) = delete;
   EditLock &operator=(const EditLock &) = delete;
   bool held() const noexcept { return fd_ >= 0; }

 private:
   int fd_ = -1;
};

bool write_all_fsync(int fd, const std::string &text) {
   std::size_t done = 0;
   while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         return false;
      done += static_cast<std::size_t>(n);
   }
   return ::fsync(fd) == 0;
}

} // namespace

FileResult write_text_atomically(const fs::path &path, const std::string &text) {
   const fs::path tmp = path.parent_path() / ("." + path.filename().string() + "." +
                                              std::to_string(::getpid()) + ".tmp");
   const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
   if (fd < 0)
      return {false, "cannot create " + tmp.string() + ": " + std::strerror(errno)};
   bool ok = write_all_fsync(fd, text);
   ok = ::close(fd) == 0 && ok;
   if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      ::unlink(tmp.c_str());
      return {false, "cannot write " + path.string() + ": " + why};
   }
   return {true, ""};
}

std::optional<std::string> read_flags_text(const fs::path &path, std::string &error) {
   std::ifstream in(path, std::ios::binary);
   if (!in) {
      if (errno != ENOENT)
         error = "cannot read " + path.string() + ": " + std::strerror(errno);
      return std::nullopt;
   }
   std::ostringstream text;
   text << in.rdbuf();
   return text.str();
}

FileResult write_flags_file(const fs::path &path, const FlagsConfig &config) {
   try {
      std::error_code ec;
      fs::create_directories(path.parent_path(), ec);
      return write_text_atomically(path, to_json(config));
   } catch (const std::exception &e) {
      return {false, e.what()};
   }
}

FileResult update_flags_file(const fs::path &path, const std::function<void(FlagsConfig &)> &edit) {
   try {
      std::error_code ec;
      fs::create_directories(path.parent_path(), ec);
      const EditLock lock(path);
      if (!lock.held())
         return {false, "cannot lock " + path.string() + ".lock"};
      std::string error;
      FlagsConfig config;
      if (const auto text = read_flags_text(path, error)) {
         ParseResult parsed = parse_flags_json(*text);
         if (!parsed.config)
            return {false, path.string() + " is malformed (" + parsed.error + "); not overwritten"};
         config = std::move(*parsed.config);
      } else if (!error.empty()) {
         return {false, error};
      }
      edit(config);
      config.normalize();
      return write_text_atomically(path, to_json(config));
   } catch (const std::exception &e) {
      return {false, e.what()};
   }
}

} // namespace pmat::flags
