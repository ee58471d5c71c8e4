// SPDX-License-Identifier: MIT
#pragma once
// What the brace core keeps per open bracket: the frame, and the statement being read inside it.
// `State` is the dialect's own part of both (State::Frame, State::Statement); the core copies and
// resets it with the rest and never reads it.

#include "tokens.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <type_traits>

namespace pmat::native::detail::brace {

enum class FrameKind : std::uint8_t {
   File,
   Paren,
   Bracket,
   Block,
   Object,
   Type,
   Function,
   Control,
   Match,
   Statement // virtual: the body of a control statement written without braces
};

// The last parenthesis closed directly inside a statement: the candidate function declarator.
struct ClosedParen {
   bool valid = false;
   bool trailer_ok = true;
   bool init_list = false;
   Token before;                // token before the '('
   Token before2;               // token before that
   std::string_view qualified;  // qualified name ending at `before` (C++ A::b, ~A, operator==)
   std::uint32_t line = 0;      // line of the name before '('
   std::uint32_t open_line = 0; // line of '(' itself
   std::uint32_t defaults = 0;  // parameter default values inside (branches of the function)
   int after = 0;               // tokens read since it closed
};

template <class State> struct Statement {
   Keyword pending_control = Keyword::None; // headers up to '{': the body is the next '{'
   bool type_intro = false;
   bool type_collecting = false;
   int angle = 0;
   std::string_view type_name;
   bool function_keyword = false; // JS function / Rust fn / Go func seen
   bool function_named = false;
   std::string_view function_name;
   std::uint32_t function_line = 0;
   bool case_label = false;
   bool saw_new = false;
   bool saw_assign = false;
   ClosedParen paren;
   [[no_unique_address]] typename State::Statement ext;
};

template <class State> struct Frame {
   FrameKind kind = FrameKind::File;
   Keyword control = Keyword::None; // Paren: header of; Control/Statement: body of
   bool nests = false;
   bool function = false;
   char last_bool = 0;
   int saved_nesting = 0;
   Token before, before2;
   std::string_view qualified;
   std::string_view name; // Type frames
   std::uint32_t open_line = 0;
   Statement<State> stmt;
   [[no_unique_address]] typename State::Frame ext;
};

// Resets `value` (a Statement or ClosedParen) to its initial state in place. `value = T{}` builds
// a zeroed temporary (`rep stos`) and copies it over with wider loads than the zeroing stores,
// which the CPU cannot forward: this runs on every ';' and '}'.
template <class T> void reset(T &value) {
   static_assert(std::is_trivially_destructible_v<T>);
   std::construct_at(&value);
}

// A lambda or closure whose body is an expression: it ends with the expression.
struct ExprFunction {
   std::size_t frames = 0; // frame count when the expression body started
   std::size_t depth = 0;  // FunctionTracker depth of this function
   int ternaries = 0;
   int saved_nesting = 0;
};

} // namespace pmat::native::detail::brace
