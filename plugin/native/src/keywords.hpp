// SPDX-License-Identifier: MIT
#pragma once
// Keyword tables of the brace languages, looked up once per word token.

#include <pmat/native/language.hpp>

#include <cstdint>
#include <string_view>

namespace pmat::native::detail {

enum class Keyword : std::uint8_t {
   None,
   If,
   Else,
   For,
   While,
   Do,
   Switch,
   Case,
   Default,
   Catch,
   Try,
   Finally,
   Loop,
   Match,
   Select,
   Goto,
   Break,
   Continue,
   Function,  // JS function, Rust fn, Go func
   TypeIntro, // class, struct, union, namespace, interface, enum, impl, trait, mod, record
   New,
   Operator,
   And, // C++ alternative tokens `and` / `or`
   Or,
   Other // any other reserved word: never a function name
};

Keyword keyword_of(Language language, std::string_view word);

} // namespace pmat::native::detail
