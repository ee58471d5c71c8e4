// SPDX-License-Identifier: MIT
#include "text_check.hpp"

#include <pmat/common/utf8.hpp>

namespace pmat::native::detail {

std::string text_skip_reason(std::string_view content) {
   const auto nul = content.find('\0');
   if (nul != std::string_view::npos) {
      return "binary content (NUL byte at offset " + std::to_string(nul) + ")";
   }
   const auto bad = pmat::common::first_invalid_utf8(content);
   if (bad != std::string_view::npos) {
      return "invalid UTF-8 at byte offset " + std::to_string(bad);
   }
   return {};
}

} // namespace pmat::native::detail
