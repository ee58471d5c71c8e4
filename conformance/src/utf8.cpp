// SPDX-License-Identifier: MIT
#include "utf8.hpp"

#include <cstddef>

namespace pmat::conformance {

namespace {

// RFC 3629 table 3-7: for each range of lead bytes, the sequence length and the allowed range
// of the second byte (which excludes overlongs, surrogates and code points above U+10FFFF).
struct Lead {
   unsigned char first_lo, first_hi;
   std::size_t length;
   unsigned char second_lo, second_hi;
};
constexpr Lead kLeads[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
    {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
    {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

bool in_range(char c, unsigned char lo, unsigned char hi) {
   const auto b = static_cast<unsigned char>(c);
   return b >= lo && b <= hi;
}

const Lead *lead_for(char c) {
   for (const Lead &l : kLeads)
      if (in_range(c, l.first_lo, l.first_hi))
         return &l;
   return nullptr;
}

// Length of the valid UTF-8 sequence at `pos`, or 0 when it is invalid.
std::size_t sequence_length(std::string_view s, std::size_t pos) {
   if (static_cast<unsigned char>(s[pos]) < 0x80)
      return 1;
   const Lead *lead = lead_for(s[pos]);
   if (lead == nullptr || pos + lead->length > s.size())
      return 0;
   if (!in_range(s[pos + 1], lead->second_lo, lead->second_hi))
      return 0;
   for (std::size_t i = 2; i < lead->length; ++i)
      if (!in_range(s[pos + i], 0x80, 0xBF))
         return 0;
   return lead->length;
}

} // namespace

bool is_valid_utf8(std::string_view text) {
   for (std::size_t pos = 0; pos < text.size();) {
      const auto len = sequence_length(text, pos);
      if (len == 0)
         return false;
      pos += len;
   }
   return true;
}

std::string printable(std::string_view text) {
   std::string out;
   out.reserve(text.size());
   for (std::size_t pos = 0; pos < text.size();) {
      const auto len = sequence_length(text, pos);
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
