// SPDX-License-Identifier: MIT
#pragma once
// Small token and text predicates shared by the brace core and its dialects.

#include "../keywords.hpp"
#include "../lexer.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace pmat::native::detail::brace {

// Punctuator `token` spelled exactly `text` (not empty). Length and first byte first: most
// punctuators differ there.
inline bool is(const Token &token, std::string_view text) {
   return token.kind == TokenKind::Punct && token.text.size() == text.size() &&
          token.text.front() == text.front() && token.text == text;
}

// The same for a literal (the calls' usual form): its length is known at compile time, so a
// one-byte punctuator is one length and one byte compare, with no string compare after them.
template <std::size_t N> inline bool is(const Token &token, const char (&text)[N]) {
   static_assert(N > 1, "a punctuator is not empty");
   if (token.kind != TokenKind::Punct || token.text.size() != N - 1) {
      return false;
   }
   for (std::size_t i = 0; i < N - 1; ++i) {
      if (token.text[i] != text[i]) {
         return false;
      }
   }
   return true;
}

// Punctuators a declarator's trailer may hold between `f(...)` and its body (C++ `-> T`,
// `const &`, `noexcept(...)`, ...): one table look-up for the one-byte ones.
bool trailer_punct(std::string_view text);

inline bool is_word(const Token &token) {
   return token.kind == TokenKind::Word;
}

// The byte of a one-byte punctuator; NUL for any other token (no token holds a NUL byte: such
// text is skipped before it is read).
inline char punct_byte(const Token &token) {
   return token.kind == TokenKind::Punct && token.text.size() == 1 ? token.text.front() : '\0';
}

inline bool opener(const Token &token) {
   const char c = punct_byte(token);
   return c == '(' || c == '[' || c == '{';
}

inline bool closer(const Token &token) {
   const char c = punct_byte(token);
   return c == ')' || c == ']' || c == '}';
}

// Control bodies that raise the nesting level (Sonar: not `try`/`finally` bodies).
inline bool nesting_control(Keyword keyword) {
   return keyword != Keyword::Try && keyword != Keyword::Finally && keyword != Keyword::None;
}

// `text` without blanks and line breaks (function names written over several lines).
std::string strip_spaces(std::string_view text);

// Source text from the start of `first` to the end of `last`; both must be views into the same
// buffer. Returns `last` when `first` is empty or starts after it.
std::string_view span(std::string_view first, std::string_view last);

// Java wildcards (`<?>`, `? extends T`) and TypeScript optional marks (`a?: T`, `f?()`): true
// when the token after a `?` shows it is one of those, not a conditional.
bool optional_mark_follows(const Token &token);

} // namespace pmat::native::detail::brace
