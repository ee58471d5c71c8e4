// SPDX-License-Identifier: MIT
#include "text_check.hpp"

#include "byte_scan.hpp"

namespace pmat::native::detail {
namespace {

// Length of the UTF-8 sequence starting with `lead`, 0 when `lead` cannot start one.
std::size_t sequence_length(unsigned char lead) {
   if (lead < 0x80) {
      return 1;
   }
   if (lead >= 0xC2 && lead <= 0xDF) {
      return 2;
   }
   if (lead >= 0xE0 && lead <= 0xEF) {
      return 3;
   }
   return lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
}

// Second-byte bounds that exclude overlongs, surrogates and code points above U+10FFFF.
bool second_byte_ok(unsigned char lead, unsigned char second) {
   const unsigned char low = lead == 0xE0 ? 0xA0 : (lead == 0xF0 ? 0x90 : 0x80);
   const unsigned char high = lead == 0xED ? 0x9F : (lead == 0xF4 ? 0x8F : 0xBF);
   return second >= low && second <= high;
}

bool continuation(unsigned char byte) {
   return (byte & 0xC0) == 0x80;
}

// Checks one multi-byte sequence at `pos`; returns its length or 0 when invalid.
std::size_t valid_sequence(std::string_view text, std::size_t pos) {
   const auto lead = static_cast<unsigned char>(text[pos]);
   const std::size_t length = sequence_length(lead);
   if (length == 0 || pos + length > text.size()) {
      return 0;
   }
   if (!second_byte_ok(lead, static_cast<unsigned char>(text[pos + 1]))) {
      return 0;
   }
   for (std::size_t i = 2; i < length; ++i) {
      if (!continuation(static_cast<unsigned char>(text[pos + i]))) {
         return 0;
      }
   }
   return length;
}

// Index of the first byte >= 0x80 at or after `pos` (16 bytes at a time).
std::size_t skip_ascii(std::string_view text, std::size_t pos) {
   const char *data = text.data();
   return static_cast<std::size_t>(scan::first_non_ascii(data + pos, data + text.size()) - data);
}

// Byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t first_invalid_utf8(std::string_view text) {
   std::size_t pos = skip_ascii(text, 0);
   while (pos < text.size()) {
      const std::size_t length = valid_sequence(text, pos);
      if (length == 0) {
         return pos;
      }
      pos = skip_ascii(text, pos + length);
   }
   return std::string_view::npos;
}

} // namespace

std::string text_skip_reason(std::string_view content) {
   const auto nul = content.find('\0');
   if (nul != std::string_view::npos) {
      return "binary content (NUL byte at offset " + std::to_string(nul) + ")";
   }
   const auto bad = first_invalid_utf8(content);
   if (bad != std::string_view::npos) {
      return "invalid UTF-8 at byte offset " + std::to_string(bad);
   }
   return {};
}

} // namespace pmat::native::detail
