// SPDX-License-Identifier: MIT
#include "staging.hpp"

#include "elf_image.hpp"

#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace pmat::shim {
namespace {

std::runtime_error sys_error(const std::string &what, const std::filesystem::path &path) {
   return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

} // namespace

StageExtent stage_extent() {
   const char *setting = std::getenv("PMAT_STAGE_WHOLE_FILE");
   if (setting && std::strcmp(setting, "1") == 0)
      return StageExtent::WholeFile;
   if (setting && std::strcmp(setting, "0") == 0)
      return StageExtent::Image;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
   return StageExtent::WholeFile; // sanitizer reports symbolise plugin frames from the stage
#else
   return StageExtent::Image;
#endif
}

namespace {

// Closes a descriptor on every path out of a function.
struct FdCloser {
   int fd;
   ~FdCloser() { ::close(fd); }
};

// Fills bytes[from, bytes.size()) from the same offsets of `fd`.
void read_at(int fd, std::vector<char> &bytes, std::size_t from,
             const std::filesystem::path &source) {
   while (from < bytes.size()) {
      const ssize_t n =
          ::pread(fd, bytes.data() + from, bytes.size() - from, static_cast<off_t>(from));
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0)
         throw sys_error("cannot read plugin file", source);
      if (n == 0)
         throw std::runtime_error("plugin file " + source.string() +
                                  " became shorter while it was read");
      from += static_cast<std::size_t>(n);
   }
}

// Extends `bytes` to `size` bytes read from `fd` at the same offsets.
void grow_to(int fd, std::vector<char> &bytes, std::size_t size,
             const std::filesystem::path &source) {
   const std::size_t had = bytes.size();
   if (size <= had)
      return;
   bytes.resize(size);
   read_at(fd, bytes, had, source);
}

std::size_t file_size(int fd, const std::filesystem::path &source) {
   struct stat st {};
   if (::fstat(fd, &st) != 0)
      throw sys_error("cannot stat plugin file", source);
   return static_cast<std::size_t>(st.st_size);
}

} // namespace

std::vector<char> read_plugin_image(const std::filesystem::path &source, StageExtent extent) {
   constexpr std::size_t k_first_read = 4096; // the headers of any plugin built by a linker
   const int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      throw sys_error("cannot open plugin file", source);
   const FdCloser closer{fd};
   const std::size_t size = file_size(fd, source);
   std::vector<char> bytes;
   grow_to(fd, bytes, std::min(size, k_first_read), source);
   grow_to(fd, bytes, std::min(size, elf_headers_size(bytes.data(), bytes.size())), source);
   const ElfLayout layout = check_elf_layout(bytes.data(), bytes.size(), size);
   grow_to(fd, bytes, extent == StageExtent::WholeFile ? size : layout.image_end, source);
   if (extent == StageExtent::Image)
      drop_section_headers(bytes.data(), bytes.size());
   return bytes;
}

namespace {

void write_all(int fd, const std::vector<char> &bytes, const std::filesystem::path &path) {
   std::size_t done = 0;
   while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         throw sys_error("cannot write staged copy", path);
      done += static_cast<std::size_t>(n);
   }
}

} // namespace

std::string sha256_hex(const void *data, std::size_t size) {
   std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
   unsigned int length = 0;
   if (EVP_Digest(data, size, digest.data(), &length, EVP_sha256(), nullptr) != 1)
      throw std::runtime_error("SHA-256 failed");
   static constexpr char k_hex[] = "0123456789abcdef";
   std::string out;
   out.reserve(length * 2);
   for (unsigned int i = 0; i < length; ++i) {
      out.push_back(k_hex[digest[i] >> 4]);
      out.push_back(k_hex[digest[i] & 0x0f]);
   }
   return out;
}

std::filesystem::path default_staging_dir() {
   if (const char *runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime == '/')
      return std::filesystem::path(runtime) / "pmat-stage";
   return std::filesystem::path("/tmp") / ("pmat-stage-" + std::to_string(::getuid()));
}

void prepare_staging_dir(const std::filesystem::path &dir) {
   if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      throw sys_error("cannot create staging directory", dir);
   struct stat st {};
   if (::lstat(dir.c_str(), &st) != 0)
      throw sys_error("cannot stat staging directory", dir);
   if (!S_ISDIR(st.st_mode))
      throw std::runtime_error("staging path is not a directory: " + dir.string());
   if (st.st_uid != ::getuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
      throw std::runtime_error("staging directory " + dir.string() +
                               " must be owned by this user and not group/world writable");
}

StagedFile stage_copy(const std::filesystem::path &source, const std::filesystem::path &dir) {
   // Unique per process and call, so that two shims (or two processes) sharing a staging
   // directory never hand dlopen the same path.
   static std::atomic<std::uint64_t> sequence{0};
   const std::vector<char> bytes = read_plugin_image(source, stage_extent());
   StagedFile staged;
   staged.sha256 = sha256_hex(bytes.data(), bytes.size());
   const std::string name = source.stem().string() + "-" + staged.sha256.substr(0, 16) + "-" +
                            std::to_string(::getpid()) + "-" + std::to_string(++sequence) + ".so";
   staged.path = dir / name;
   ::unlink(staged.path.c_str()); // a leftover from a crashed process that had the same pid
   const int fd =
       ::open(staged.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0500);
   if (fd < 0)
      throw sys_error("cannot create staged copy", staged.path);
   try {
      write_all(fd, bytes, staged.path);
   } catch (...) {
      ::close(fd);
      ::unlink(staged.path.c_str());
      throw;
   }
   ::close(fd);
   return staged;
}

std::string staged_sha256(const std::filesystem::path &source) {
   const std::vector<char> bytes = read_plugin_image(source, stage_extent());
   return sha256_hex(bytes.data(), bytes.size());
}

} // namespace pmat::shim
