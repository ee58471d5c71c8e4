// SPDX-License-Identifier: MIT
#include "staging.hpp"

#include "elf_image.hpp"

#include <nettle/sha2.h>

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
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

namespace {

// The ELF header and program header table of `fd`, checked against the file's size.
struct CheckedHeaders {
   std::vector<char> bytes; // at least the headers; the first 4 KiB when the file has them
   ElfLayout layout;
   std::size_t file_size = 0;
};

CheckedHeaders read_checked_headers(int fd, const std::filesystem::path &source) {
   constexpr std::size_t k_first_read = 4096; // the headers of any plugin built by a linker
   CheckedHeaders headers;
   headers.file_size = file_size(fd, source);
   grow_to(fd, headers.bytes, std::min(headers.file_size, k_first_read), source);
   grow_to(
       fd, headers.bytes,
       std::min(headers.file_size, elf_headers_size(headers.bytes.data(), headers.bytes.size())),
       source);
   headers.layout = check_elf_layout(headers.bytes.data(), headers.bytes.size(), headers.file_size);
   return headers;
}

std::size_t staged_size(const CheckedHeaders &headers, StageExtent extent) {
   return extent == StageExtent::WholeFile ? headers.file_size : headers.layout.image_end;
}

} // namespace

std::vector<char> read_plugin_image(const std::filesystem::path &source, StageExtent extent) {
   const int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      throw sys_error("cannot open plugin file", source);
   const FdCloser closer{fd};
   CheckedHeaders headers = read_checked_headers(fd, source);
   std::vector<char> bytes = std::move(headers.bytes);
   if (bytes.size() > staged_size(headers, extent))
      bytes.resize(staged_size(headers, extent)); // an image shorter than the first read
   grow_to(fd, bytes, staged_size(headers, extent), source);
   if (extent == StageExtent::Image)
      drop_section_headers(bytes.data(), bytes.size());
   return bytes;
}

namespace {

// Writes all of [data, data + size) at `offset` of `fd`.
void write_at(int fd, const char *data, std::size_t size, std::size_t offset,
              const std::filesystem::path &path) {
   std::size_t done = 0;
   while (done < size) {
      const ssize_t n = ::pwrite(fd, data + done, size - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         throw sys_error("cannot write staged copy", path);
      done += static_cast<std::size_t>(n);
   }
}

[[noreturn]] void shorter(const std::filesystem::path &source) {
   throw std::runtime_error("plugin file " + source.string() + " became shorter while it was read");
}

// Errors that say copy_file_range cannot copy between these two files (another filesystem,
// an old kernel, a filesystem without support), not that the files are broken.
bool kernel_copy_unsupported(int error) {
   return error == EXDEV || error == ENOSYS || error == EOPNOTSUPP || error == EINVAL ||
          error == EPERM;
}

// Copies bytes [0, size) in the kernel; returns how far it got: `size`, or less where the kernel
// cannot copy between these files (the rest is then for copy_with_reads).
std::size_t copy_in_kernel(int from, int to, std::size_t size, const std::filesystem::path &source,
                           const std::filesystem::path &copy) {
   std::size_t done = 0;
   while (done < size) {
      loff_t in = static_cast<loff_t>(done);
      loff_t out = in;
      const ssize_t n = ::copy_file_range(from, &in, to, &out, size - done, 0);
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0 && kernel_copy_unsupported(errno))
         return done;
      if (n < 0)
         throw sys_error("cannot copy plugin file " + source.string() + " to", copy);
      if (n == 0)
         shorter(source);
      done += static_cast<std::size_t>(n);
   }
   return done;
}

// Copies bytes [done, size) through a buffer.
void copy_with_reads(int from, int to, std::size_t done, std::size_t size,
                     const std::filesystem::path &source, const std::filesystem::path &copy) {
   std::vector<char> chunk(std::min<std::size_t>(size - done, std::size_t{1} << 18));
   while (done < size) {
      const ssize_t n = ::pread(from, chunk.data(), std::min(chunk.size(), size - done),
                                static_cast<off_t>(done));
      if (n < 0 && errno == EINTR)
         continue;
      if (n < 0)
         throw sys_error("cannot read plugin file", source);
      if (n == 0)
         shorter(source);
      write_at(to, chunk.data(), static_cast<std::size_t>(n), done, copy);
      done += static_cast<std::size_t>(n);
   }
}

} // namespace

void copy_file_bytes(int from, int to, std::size_t size, CopyMethod method,
                     const std::filesystem::path &source, const std::filesystem::path &copy) {
   const std::size_t done =
       method == CopyMethod::Kernel ? copy_in_kernel(from, to, size, source, copy) : 0;
   copy_with_reads(from, to, done, size, source, copy);
}

std::string sha256_hex(const void *data, std::size_t size) {
   sha256_ctx context{};
   sha256_init(&context);
   sha256_update(&context, size, static_cast<const std::uint8_t *>(data));
   std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
   sha256_digest(&context, digest.size(), digest.data());
   static constexpr char k_hex[] = "0123456789abcdef";
   std::string out;
   out.reserve(digest.size() * 2);
   for (const std::uint8_t byte : digest) {
      out.push_back(k_hex[byte >> 4]);
      out.push_back(k_hex[byte & 0x0f]);
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
   const int from = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
   if (from < 0)
      throw sys_error("cannot open plugin file", source);
   const FdCloser source_closer{from};
   CheckedHeaders headers = read_checked_headers(from, source);
   const StageExtent extent = stage_extent();
   const std::size_t size = staged_size(headers, extent);
   StagedFile staged;
   staged.path = dir / (source.stem().string() + "-" + std::to_string(::getpid()) + "-" +
                        std::to_string(++sequence) + ".so");
   ::unlink(staged.path.c_str()); // a leftover from a crashed process that had the same pid
   const int to =
       ::open(staged.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0500);
   if (to < 0)
      throw sys_error("cannot create staged copy", staged.path);
   try {
      const FdCloser copy_closer{to};
      copy_file_bytes(from, to, size, CopyMethod::Kernel, source, staged.path);
      if (extent == StageExtent::Image) {
         // The ELF header as it was checked, without the section header table the copy lacks.
         drop_section_headers(headers.bytes.data(), headers.bytes.size());
         write_at(to, headers.bytes.data(), sizeof(Elf64_Ehdr), 0, staged.path);
      }
   } catch (...) {
      ::unlink(staged.path.c_str());
      throw;
   }
   return staged;
}

std::string staged_copy_sha256(const std::filesystem::path &staged) {
   const int fd = ::open(staged.c_str(), O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      throw sys_error("cannot open staged copy", staged);
   const FdCloser closer{fd};
   std::vector<char> bytes;
   grow_to(fd, bytes, file_size(fd, staged), staged);
   return sha256_hex(bytes.data(), bytes.size());
}

std::string staged_sha256(const std::filesystem::path &source) {
   const std::vector<char> bytes = read_plugin_image(source, stage_extent());
   return sha256_hex(bytes.data(), bytes.size());
}

} // namespace pmat::shim
