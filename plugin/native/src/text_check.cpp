// SPDX-License-Identifier: MIT
#include "text_check.hpp"

#include "byte_scan.hpp"

#include <pmat/common/utf8.hpp>

namespace pmat::native::detail {
namespace {

std::string nul_reason(std::size_t offset) {
   return "binary content (NUL byte at offset " + std::to_string(offset) + ")";
}

// A NUL byte anywhere wins over invalid UTF-8 earlier in the text.
std::string invalid_reason(std::string_view content, std::size_t offset) {
   const auto nul = content.find('\0', offset);
   return nul != std::string_view::npos ? nul_reason(nul)
                                        : "invalid UTF-8 at byte offset " + std::to_string(offset);
}

} // namespace

// One pass 16 bytes at a time for both checks: it stops only at a NUL byte or a non-ASCII one,
// whose UTF-8 sequence is then validated (common's rule).
std::string text_skip_reason(std::string_view content) {
   const char *data = content.data();
   const char *end = data + content.size();
   for (const char *p = scan::first_nul_or_non_ascii(data, end); p < end;) {
      const auto offset = static_cast<std::size_t>(p - data);
      if (*p == '\0') {
         return nul_reason(offset);
      }
      const std::size_t length = pmat::common::utf8_sequence_length(content, offset);
      if (length == 0) {
         return invalid_reason(content, offset);
      }
      p = scan::first_nul_or_non_ascii(p + length, end);
   }
   return {};
}

} // namespace pmat::native::detail
