// SPDX-License-Identifier: MIT
// UTF-8 validation per RFC 3629: no overlong forms, no UTF-16 surrogates, nothing above
// U+10FFFF, no truncated sequence. One implementation for the plugin, the host and the
// conformance suite. It is on the native analyzer's hot path (every file is checked before it is
// lexed), so ASCII runs are skipped eight bytes at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace pmat::common {

namespace utf8_detail {

// Length of the sequence `lead` starts, 0 when `lead` can start none (continuation bytes, the
// overlong leads C0/C1, F5..FF).
inline std::size_t lead_length(unsigned char lead) noexcept {
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

// The second byte's allowed range depends on the lead: this excludes overlongs, surrogates and
// code points above U+10FFFF.
inline bool second_byte_ok(unsigned char lead, unsigned char second) noexcept {
   const unsigned char low = lead == 0xE0 ? 0xA0 : (lead == 0xF0 ? 0x90 : 0x80);
   const unsigned char high = lead == 0xED ? 0x9F : (lead == 0xF4 ? 0x8F : 0xBF);
   return second >= low && second <= high;
}

// Index of the first byte >= 0x80 at or after `pos`.
inline std::size_t skip_ascii(std::string_view text, std::size_t pos) noexcept {
   constexpr std::uint64_t k_high_bits = 0x8080808080808080ULL;
   while (pos + 8 <= text.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, text.data() + pos, sizeof word);
      if ((word & k_high_bits) != 0)
         break;
      pos += 8;
   }
   while (pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80)
      ++pos;
   return pos;
}

} // namespace utf8_detail

// Length (1..4) of the well-formed sequence starting at text[pos], or 0 when the bytes there are
// not one (also when it is cut off by the end of `text`). Requires pos < text.size().
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) noexcept {
   const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[pos + k]); };
   const std::size_t length = utf8_detail::lead_length(byte(0));
   if (length <= 1)
      return length;
   if (pos + length > text.size() || !utf8_detail::second_byte_ok(byte(0), byte(1)))
      return 0;
   for (std::size_t k = 2; k < length; ++k)
      if ((byte(k) & 0xC0) != 0x80)
         return 0;
   return length;
}

// Byte offset of the first invalid or truncated sequence, or npos when `text` is valid UTF-8.
inline std::size_t first_invalid_utf8(std::string_view text) noexcept {
   std::size_t pos = utf8_detail::skip_ascii(text, 0);
   while (pos < text.size()) {
      const std::size_t length = utf8_sequence_length(text, pos);
      if (length == 0)
         return pos;
      pos = utf8_detail::skip_ascii(text, pos + length);
   }
   return std::string_view::npos;
}

inline bool is_valid_utf8(std::string_view text) noexcept {
   return first_invalid_utf8(text) == std::string_view::npos;
}

// `text` with every byte that does not begin a well-formed sequence replaced by U+FFFD (one
// replacement per such byte), for text that must go into JSON. Throws std::bad_alloc only.
inline std::string sanitize_utf8(std::string_view text) {
   std::string out;
   out.reserve(text.size());
   for (std::size_t pos = 0; pos < text.size();) {
      const std::size_t length = utf8_sequence_length(text, pos);
      if (length == 0) {
         out += "\xEF\xBF\xBD";
         ++pos;
      } else {
         out.append(text.substr(pos, length));
         pos += length;
      }
   }
   return out;
}

} // namespace pmat::common
