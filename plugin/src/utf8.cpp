// SPDX-License-Identifier: MIT
#include "utf8.hpp"

namespace pmat::plugin {
namespace {

// Expected length of a sequence from its lead byte (0 = never a lead byte: continuation bytes,
// C0/C1 overlong leads, F5..FF).
std::size_t lead_length(unsigned char lead) {
   if (lead < 0x80)
      return 1;
   if (lead < 0xC2)
      return 0;
   if (lead < 0xE0)
      return 2;
   if (lead < 0xF0)
      return 3;
   return lead < 0xF5 ? 4 : 0;
}

// Allowed range of the second byte after a lead (RFC 3629 table: excludes overlongs,
// surrogates and code points above U+10FFFF).
bool second_byte_ok(unsigned char lead, unsigned char second) {
   const unsigned char low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
   const unsigned char high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
   return second >= low && second <= high;
}

// Length of the well-formed UTF-8 sequence starting at text[i], or 0.
std::size_t sequence_length(std::string_view text, std::size_t i) {
   const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
   const std::size_t n = lead_length(byte(0));
   if (n <= 1 || i + n > text.size())
      return i + n > text.size() ? 0 : n;
   if (!second_byte_ok(byte(0), byte(1)))
      return 0;
   for (std::size_t k = 2; k < n; ++k)
      if ((byte(k) & 0xC0) != 0x80)
         return 0;
   return n;
}

} // namespace

std::string sanitize_utf8(std::string_view text) {
   std::string out;
   out.reserve(text.size());
   for (std::size_t i = 0; i < text.size();) {
      const std::size_t n = sequence_length(text, i);
      if (n == 0) {
         out += "\xEF\xBF\xBD";
         ++i;
      } else {
         out.append(text.substr(i, n));
         i += n;
      }
   }
   return out;
}

} // namespace pmat::plugin
