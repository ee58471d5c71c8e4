// SPDX-License-Identifier: MIT
// JSON strings and integers written as text, byte for byte as Boost.JSON 1.81's serializer
// writes them, for the writers that produce JSON without building a boost::json tree first (the
// native result, the report's violations). Equal bytes matter: a report is compared byte for
// byte across versions, and the plugin's text is spliced into the host's report as it is.
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pmat::common {

namespace detail {

// Per byte: 0 when it is written as it is, 'u' when it is written \u00xx, otherwise the letter
// written after a backslash.
inline constexpr std::array<char, 256> k_json_escapes = [] {
   std::array<char, 256> table{};
   for (std::size_t byte = 0; byte < 0x20; ++byte) {
      table[byte] = 'u';
   }
   table['\b'] = 'b';
   table['\t'] = 't';
   table['\n'] = 'n';
   table['\f'] = 'f';
   table['\r'] = 'r';
   table['"'] = '"';
   table['\\'] = '\\';
   return table;
}();

inline void append_json_escape(std::string &out, unsigned char byte, char escape) {
   if (escape != 'u') {
      const std::array<char, 2> pair{'\\', escape};
      out.append(pair.data(), pair.size());
      return;
   }
   constexpr std::string_view k_hex = "0123456789abcdef";
   const std::array<char, 6> sequence{'\\', 'u', '0', '0', k_hex[byte >> 4U], k_hex[byte & 15U]};
   out.append(sequence.data(), sequence.size());
}

} // namespace detail

// Appends `text` as a JSON string: between quotes, '"' and '\' after a backslash, 0x08 0x09 0x0a
// 0x0c 0x0d as \b \t \n \f \r, every other byte below 0x20 as \u00xx in lower-case hex, and every
// other byte (0x7f, '/', each byte of a multi-byte UTF-8 sequence, invalid UTF-8 too) as it is.
// Never throws but std::bad_alloc.
inline void append_json_string(std::string &out, std::string_view text) {
   out.push_back('"');
   std::size_t copied = 0;
   for (std::size_t i = 0; i < text.size(); ++i) {
      const auto byte = static_cast<unsigned char>(text[i]);
      const char escape = detail::k_json_escapes[byte];
      if (escape != 0) {
         out.append(text.substr(copied, i - copied));
         detail::append_json_escape(out, byte, escape);
         copied = i + 1;
      }
   }
   out.append(text.substr(copied));
   out.push_back('"');
}

// Appends an integer in plain decimal ('-' before a negative one), as Boost.JSON writes int64
// and uint64 values. Never throws but std::bad_alloc.
template <typename Integer> void append_json_integer(std::string &out, Integer value) {
   std::array<char, 24> digits{};
   const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
   out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

} // namespace pmat::common
