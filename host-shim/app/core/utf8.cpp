// SPDX-License-Identifier: MIT
#include "utf8.hpp"

#include <string_view>

namespace pmat::app {
namespace {

bool is_continuation(unsigned char c) {
   return (c & 0xC0) == 0x80;
}

// Length of the sequence starting with `lead`, 0 when `lead` cannot start one.
std::size_t sequence_length(unsigned char lead) {
   if (lead < 0x80)
      return 1;
   if (lead >= 0xC2 && lead <= 0xDF)
      return 2;
   if (lead >= 0xE0 && lead <= 0xEF)
      return 3;
   if (lead >= 0xF0 && lead <= 0xF4)
      return 4;
   return 0;
}

// The second byte's allowed range depends on the lead byte: this rules out overlong forms,
// UTF-16 surrogates and code points above U+10FFFF (RFC 3629 table).
bool second_byte_ok(unsigned char lead, unsigned char second) {
   switch (lead) {
   case 0xE0: return second >= 0xA0 && second <= 0xBF;
   case 0xED: return second >= 0x80 && second <= 0x9F;
   case 0xF0: return second >= 0x90 && second <= 0xBF;
   case 0xF4: return second >= 0x80 && second <= 0x8F;
   default: return is_continuation(second);
   }
}

bool sequence_ok(std::string_view text, std::size_t at, std::size_t length) {
   if (at + length > text.size())
      return false;
   const auto lead = static_cast<unsigned char>(text[at]);
   if (length > 1 && !second_byte_ok(lead, static_cast<unsigned char>(text[at + 1])))
      return false;
   for (std::size_t i = 2; i < length; ++i)
      if (!is_continuation(static_cast<unsigned char>(text[at + i])))
         return false;
   return true;
}

} // namespace

std::size_t find_invalid_utf8(std::string_view text) {
   std::size_t at = 0;
   while (at < text.size()) {
      const std::size_t length = sequence_length(static_cast<unsigned char>(text[at]));
      if (length == 0 || !sequence_ok(text, at, length))
         return at;
      at += length;
   }
   return std::string_view::npos;
}

} // namespace pmat::app
