// SPDX-License-Identifier: MIT
#include "utf8.hpp"

#include <cstddef>

namespace pmat::conformance {

std::string printable(std::string_view text) {
   std::string out;
   out.reserve(text.size());
   for (std::size_t pos = 0; pos < text.size();) {
      const auto len = pmat::common::utf8_sequence_length(text, pos);
      const auto c = static_cast<unsigned char>(text[pos]);
      const bool control = len == 1 && (c < 0x20 || c == 0x7F) && c != '\n' && c != '\t';
      if (len == 0 || control) {
         out.push_back('?');
         ++pos;
         continue;
      }
      out.append(text.substr(pos, len));
      pos += len;
   }
   return out;
}

} // namespace pmat::conformance
