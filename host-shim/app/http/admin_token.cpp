#include "admin_token.hpp"

#include <core/admin_token_path.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace pmat::serve {
namespace {

constexpr std::size_t k_token_bytes = 32;

std::runtime_error sys_error(const std::string &what, const std::filesystem::path &path) {
   return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

std::string random_hex(std::size_t bytes) {
   const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      throw sys_error("cannot open", "/dev/urandom");
   std::array<unsigned char, 64> raw{};
   std::size_t got = 0;
   while (got < bytes) {
      const ssize_t n = ::read(fd, raw.data() + got, bytes - got);
      if (n <= 0 && errno != EINTR) {
         ::close(fd);
         throw sys_error("cannot read", "/dev/urandom");
      }
      got += n > 0 ? static_cast<std::size_t>(n) : 0;
   }
   ::close(fd);
   static constexpr char k_digits[] = "0123456789abcdef";
   std::string hex;
   for (std::size_t i = 0; i < bytes; ++i) {
      hex += k_digits[raw[i] >> 4];
      hex += k_digits[raw[i] & 0x0F];
   }
   return hex;
}

// Creates the file exclusively so that two servers starting at once never overwrite each other's
// token; the loser reads the winner's.
bool create_token_file(const std::filesystem::path &path, const std::string &token) {
   const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
   if (fd < 0 && errno == EEXIST)
      return false;
   if (fd < 0)
      throw sys_error("cannot create", path);
   const std::string line = token + "\n";
   const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
   ::close(fd);
   if (!ok)
      throw sys_error("cannot write", path);
   return true;
}

// A token others can read is as good as published: refuse it rather than serve with it.
bool private_regular_file(int fd) {
   struct stat st {};
   return ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) == 0;
}

std::string read_token_file(const std::filesystem::path &path) {
   const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
   if (fd < 0)
      throw sys_error("cannot open", path);
   if (!private_regular_file(fd)) {
      ::close(fd);
      throw std::runtime_error(path.string() +
                               " must be a regular file with mode 0600 (chmod 600 it)");
   }
   std::array<char, 256> buffer{};
   const ssize_t n = ::read(fd, buffer.data(), buffer.size() - 1);
   ::close(fd);
   std::string token(buffer.data(), n > 0 ? static_cast<std::size_t>(n) : 0);
   while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
      token.pop_back();
   if (token.size() < 32)
      throw std::runtime_error(path.string() + " holds no usable token (at least 32 characters)");
   return token;
}

} // namespace

std::filesystem::path default_token_path() {
   return pmat::app::default_admin_token_path();
}

std::string load_or_create_token(const std::filesystem::path &path) {
   const auto dir = path.parent_path();
   if (!std::filesystem::exists(dir)) {
      std::filesystem::create_directories(dir);
      std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
   }
   create_token_file(path, random_hex(k_token_bytes));
   return read_token_file(path);
}

bool bearer_matches(std::string_view authorization, std::string_view token) {
   constexpr std::string_view k_scheme = "Bearer ";
   if (authorization.size() != k_scheme.size() + token.size())
      return false; // the length of a 64-hex-digit token is no secret
   unsigned difference = 0;
   for (std::size_t i = 0; i < k_scheme.size(); ++i)
      difference |= static_cast<unsigned>(authorization[i] ^ k_scheme[i]);
   for (std::size_t i = 0; i < token.size(); ++i)
      difference |= static_cast<unsigned>(authorization[k_scheme.size() + i] ^ token[i]);
   return difference == 0;
}

} // namespace pmat::serve
