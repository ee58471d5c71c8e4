// SPDX-License-Identifier: MIT
// The brace core's helpers that need no dialect.

#include "tokens.hpp"

#include <algorithm>
#include <array>

namespace pmat::native::detail::brace {

std::string strip_spaces(std::string_view text) {
   std::string out;
   out.reserve(text.size());
   for (char c : text) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
         out.push_back(c);
      }
   }
   return out;
}

std::string_view span(std::string_view first, std::string_view last) {
   if (first.empty() || last.data() < first.data()) {
      return last;
   }
   return {first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data())};
}

namespace {

constexpr std::array<bool, 256> single_trailer_bytes() {
   std::array<bool, 256> table{};
   for (const char c : std::string_view("<>*&([].|?{)")) {
      table[static_cast<unsigned char>(c)] = true;
   }
   return table;
}

constexpr std::array<bool, 256> k_single_trailer = single_trailer_bytes();

} // namespace

bool trailer_punct(std::string_view text) {
   switch (text.size()) {
   case 1: return k_single_trailer[static_cast<unsigned char>(text.front())];
   case 2: return text == "::" || text == "->" || text == ">>" || text == "&&";
   case 3: return text == "...";
   default: return false;
   }
}

bool optional_mark_follows(const Token &token) {
   static constexpr std::array<std::string_view, 8> k_not{":", ")", ",", ">", "=", ";", "]", ">>"};
   const bool punct_stop = token.kind == TokenKind::Punct &&
                           std::find(k_not.begin(), k_not.end(), token.text) != k_not.end();
   return punct_stop || token.text == "extends" || token.text == "super";
}

} // namespace pmat::native::detail::brace
