// SPDX-License-Identifier: MIT
// The Rust dialect: headers up to the '{', `match` arms (each arm but the catch-all `_` is a
// branch, an `if` in a pattern is a guard), closures `|x| ...` and `|| ...` with an optional
// return type, `impl Trait for Type` scopes, `::` paths; `?` is the error operator.

#include "dialect.hpp"
#include "dialects.hpp"

#include <algorithm>
#include <array>

namespace pmat::native::detail::brace {
namespace {

struct RustState {
   struct Frame {              // used by Match frames
      bool arm_pattern = true; // reading an arm's pattern (up to its `=>`)
      int arm_tokens = 0;
      bool arm_wildcard = false;
   };
   struct Statement {};
};

class RustDialect final : public DialectBase<RustDialect, RustState> {
 public:
   static constexpr bool k_parenthesised_headers = false;

   using DialectBase::DialectBase;

   // Counts an arm's pattern tokens; its `=>` is a branch unless the pattern is `_` alone.
   void on_token(const Token &token) {
      FrameT &frame = top();
      if (frame.kind != FrameKind::Match || !frame.ext.arm_pattern) {
         return;
      }
      if (is(token, "=>")) {
         frame.ext.arm_pattern = false;
         if (!(frame.ext.arm_tokens == 1 && frame.ext.arm_wildcard)) {
            functions_.branch(); // every match arm but the catch-all `_`
         }
         return;
      }
      ++frame.ext.arm_tokens;
      frame.ext.arm_wildcard = is_word(token) && token.text == "_";
   }

   void on_arm_end(FrameT &frame) {
      if (frame.kind == FrameKind::Match) {
         frame.ext.arm_pattern = true;
         frame.ext.arm_tokens = 0;
      }
   }

   bool match_guard() const {
      return top_kind() == FrameKind::Match && frames_.back().ext.arm_pattern;
   }

   Keyword refine_keyword(Keyword keyword) const {
      if (keyword == Keyword::For && frames_.back().stmt.type_collecting) {
         return Keyword::None; // impl Trait for Type
      }
      return keyword;
   }

   // impl Trait for Type: the type names the scope.
   bool type_name_restarts(const Token &token) const { return token.text == "for"; }

   bool logical_taken(const Token &token) {
      if (token.text != "||" || !closure_start_position()) {
         return false;
      }
      on_bar(token);
      return true;
   }

   void on_other_operator(const Token &token) {
      if (token.text == "|") {
         on_bar(token);
      }
   }

   bool ternary_follows(const Token & /*token*/) const { return false; }

   std::string_view scope_separator() const { return "::"; }

   // |x| -> T { ... }: the body is the block after the return type.
   bool lambda_return_type(const Token &token) {
      if (is(token, "->") || (return_type_ && !is(token, "{"))) {
         return_type_ = true;
         return true;
      }
      return_type_ = false;
      return false;
   }

 private:
   bool closure_start_position() const {
      if (prev_.kind == TokenKind::End) {
         return true;
      }
      if (is_word(prev_)) {
         return prev_.text == "move" || prev_.text == "return" || prev_.text == "in";
      }
      static constexpr std::array<std::string_view, 8> k_before{"(", ",", "=", "=>",
                                                                "{", ";", ":", "["};
      return prev_.kind == TokenKind::Punct &&
             std::find(k_before.begin(), k_before.end(), prev_.text) != k_before.end();
   }

   // `|` opens or closes a closure's parameters; `||` is a closure without parameters.
   void on_bar(const Token &token) {
      if (closure_params_ && token.text == "|") {
         closure_params_ = false;
         begin_closure(closure_line_);
         return;
      }
      if (!closure_start_position()) {
         return;
      }
      if (token.text == "||") {
         begin_closure(token.line);
      } else {
         closure_params_ = true;
         closure_line_ = token.line;
      }
   }

   bool closure_params_ = false; // between a closure's opening and closing `|`
   std::uint32_t closure_line_ = 0;
   bool return_type_ = false; // reading a closure's `-> T`
};

} // namespace

void analyze_rust(Lexer &lexer, FunctionTracker &functions) {
   RustDialect dialect(Language::Rust, lexer, functions);
   dialect.run();
}

} // namespace pmat::native::detail::brace
