// SPDX-License-Identifier: MIT
// The JavaScript / TypeScript dialect: statements that end at a line break, object literals and
// destructuring patterns (whose default values are branches, as in ESLint), `=>` functions and
// their names, optional chaining and `??`, methods in classes and object literals.

#include "dialect.hpp"
#include "dialects.hpp"

#include <algorithm>
#include <array>

namespace pmat::native::detail::brace {
namespace {

struct JsState {
   struct Frame {
      bool pattern = false;       // a '{' or '[' in expression position (object or pattern)
      std::uint32_t assigns = 0;  // direct '=' inside a parenthesis
      std::uint32_t defaults = 0; // default values found in nested patterns
   };
   struct Statement {};
};

class JsDialect final : public DialectBase<JsDialect, JsState> {
 public:
   static constexpr bool k_assigned_brace_is_initializer = false;

   JsDialect(Language language, Lexer &lexer, FunctionTracker &functions)
       : DialectBase(language, lexer, functions), typescript_(language == Language::TypeScript) {}

   // Statements may end at a line break: a word starting a line after a value starts a new
   // statement (the usual case of automatic semicolon insertion).
   void before_token(const Token &token) {
      if (!token.line_start || !value_before() || !starts_statement(token)) {
         return;
      }
      end_statement(top());
      pop_statement_bodies();
   }

   bool logical_operator(std::string_view text) const {
      return text == "&&" || text == "||" || text == "??";
   }

   bool lambda_arrow(std::string_view text) const { return text == "=>"; }
   void on_lambda_arrow() { begin_arrow_lambda(); }

   // ESLint counts optional chaining and logical assignments as branches.
   void on_other_operator(const Token &token) {
      static constexpr std::array<std::string_view, 4> k_branches{"?.", "&&=", "||=", "?\?="};
      if (std::find(k_branches.begin(), k_branches.end(), token.text) != k_branches.end()) {
         functions_.branch();
      }
   }

   void on_colon(FrameT &frame) { after_case_colon_ = frame.stmt.case_label; }

   void on_assign(FrameT &frame) {
      if (frame.kind == FrameKind::Paren) {
         ++frame.ext.assigns;
      } else if (frame.ext.pattern) {
         add_default();
      }
   }

   bool ternary_follows(const Token &token) const {
      return !typescript_ || !optional_mark_follows(token);
   }

   void on_function_keyword(StatementT &stmt) {
      if ((is(prev_, "=") || is(prev_, ":")) && is_word(prev2_)) {
         stmt.function_name = prev2_.text; // const name = function () {}
      }
   }

   void name_function(StatementT &stmt, const Token &token) {
      stmt.function_name = token.text;
      stmt.function_named = true;
   }

   void on_open_group(FrameT &frame, FrameT & /*outer*/, const Token & /*token*/) {
      frame.ext.pattern = frame.kind == FrameKind::Bracket && !value_before();
      if (prev_.text == "async") {
         async_target_ = prev3_; // const name = async (...) =>
      }
   }

   std::uint32_t header_defaults(const FrameT &closed) const { return closed.ext.defaults; }
   std::uint32_t parameter_defaults(const FrameT &closed) const {
      return closed.ext.assigns + closed.ext.defaults;
   }

   bool keyword_function_named(const StatementT & /*stmt*/) const { return true; }

   bool named_definition_allowed(const ClosedParen &paren) const {
      const bool name_ok = is_word(paren.before)
                               ? plain_function_name(paren)
                               : !paren.qualified.empty() || is(paren.before, "]");
      return name_ok && (top_kind() == FrameKind::Type || top_kind() == FrameKind::Object);
   }

   std::string_view definition_name(const ClosedParen &paren) const {
      if (is(paren.before, "]")) {
         return "<computed>";
      }
      return paren.qualified.empty() ? paren.before.text : paren.qualified;
   }

   bool object_brace() const { return expression_position(); }
   void on_plain_brace(FrameT &frame, bool object) { frame.ext.pattern = object; }

   Token async_arrow_target() const { return async_target_; }

   // A new line that starts with a word or literal after a value ends an expression body.
   bool line_ends_expression(const Token &token) const {
      return token.line_start && value_before() && token.kind != TokenKind::Punct;
   }

 private:
   static bool starts_statement(const Token &token) {
      if (token.kind != TokenKind::Word) {
         return token.kind == TokenKind::String || token.kind == TokenKind::Number;
      }
      static constexpr std::array<std::string_view, 7> k_continuations{
          "extends", "implements", "in", "of", "instanceof", "as", "satisfies"};
      return std::find(k_continuations.begin(), k_continuations.end(), token.text) ==
             k_continuations.end();
   }

   // A default value inside an object or array pattern belongs to the nearest parenthesis
   // (maybe a parameter list) or else to the current function.
   void add_default() {
      auto it = frames_.rbegin();
      while (it != frames_.rend() && it->ext.pattern) {
         ++it;
      }
      if (it != frames_.rend() && it->kind == FrameKind::Paren) {
         ++it->ext.defaults;
         return;
      }
      functions_.branch();
   }

   // Is a '{' here an object literal (or pattern) rather than a block?
   bool expression_position() const {
      if (prev_.kind == TokenKind::End) {
         return false;
      }
      if (is_word(prev_)) {
         static constexpr std::array<std::string_view, 13> k_before_expression{
             "return", "const", "let",  "var",    "typeof", "yield", "await",
             "in",     "of",    "case", "export", "import", "void"};
         return std::find(k_before_expression.begin(), k_before_expression.end(), prev_.text) !=
                k_before_expression.end();
      }
      static constexpr std::array<std::string_view, 4> k_before_block{")", ";", "}", "=>"};
      if (std::find(k_before_block.begin(), k_before_block.end(), prev_.text) !=
          k_before_block.end()) {
         return false;
      }
      if (is(prev_, ":") && after_case_colon_) {
         return false; // case 1: { ... } is a block
      }
      return !(is(prev_, "{") && top_kind() != FrameKind::Object);
   }

   bool typescript_;
   bool after_case_colon_ = false; // the last ':' ended a case label
   Token async_target_;            // the name before `= async (` (see begin_arrow_lambda)
};

} // namespace

void analyze_js(Language language, Lexer &lexer, FunctionTracker &functions) {
   JsDialect dialect(language, lexer, functions);
   dialect.run();
}

} // namespace pmat::native::detail::brace
