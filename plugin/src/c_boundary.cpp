// SPDX-License-Identifier: MIT
#include "c_boundary.hpp"

#include <cstring>

namespace pmat::plugin {
namespace {

// Plain thread-local storage without a destructor: TLS destructors would keep glibc from
// unmapping the plugin on dlclose.
thread_local char t_last_error[PMAT_LAST_ERROR_MAX];

// Largest n <= limit such that text[0, n) does not end inside a UTF-8 sequence.
std::size_t utf8_prefix(std::string_view text, std::size_t limit) {
   std::size_t n = text.size() < limit ? text.size() : limit;
   if (n == text.size())
      return n;
   while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
      --n;
   return n;
}

} // namespace

pmat_status set_last_error(pmat_status status, std::string_view message) noexcept {
   const std::size_t n = utf8_prefix(message, sizeof t_last_error - 1);
   std::memcpy(t_last_error, message.data(), n);
   t_last_error[n] = '\0';
   return status;
}

void clear_last_error() noexcept {
   t_last_error[0] = '\0';
}

const char *last_error_text() noexcept {
   return t_last_error;
}

} // namespace pmat::plugin
