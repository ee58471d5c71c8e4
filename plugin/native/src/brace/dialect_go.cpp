// SPDX-License-Identifier: MIT
// The Go dialect: headers up to the '{' (`if x := f(); x > 0 {`), `func` declarations with a
// method receiver (`func (r *T) Name(` is named `T.Name`), function literals named `<func>`.

#include "dialect.hpp"
#include "dialects.hpp"

namespace pmat::native::detail::brace {
namespace {

struct GoState {
   struct Frame {};
   struct Statement {
      std::string_view receiver; // method receiver type
      int parens = 0;            // parenthesised groups closed since `func`
   };
};

class GoDialect final : public DialectBase<GoDialect, GoState> {
 public:
   static constexpr bool k_parenthesised_headers = false;
   static constexpr std::string_view k_anonymous_function = "<func>";

   using DialectBase::DialectBase;

   void track_name_word(const Token &token, Keyword keyword) {
      last_word_ = token.text;
      DialectBase::track_name_word(token, keyword);
   }

   void on_function_keyword(StatementT &stmt) { stmt.ext = {}; }

   void name_function(StatementT &stmt, const Token &token) {
      if (stmt.ext.parens == 1) {
         stmt.function_name = token.text; // confirmed as a method name by the '(' that follows
         return;
      }
      if (!is(prev_, "*")) {
         stmt.function_name = token.text;
         stmt.function_named = stmt.ext.parens == 0;
      }
   }

   void on_open_group(FrameT & /*frame*/, FrameT &outer, const Token &token) {
      StatementT &stmt = outer.stmt;
      if (!stmt.function_keyword || !is(token, "(")) {
         return;
      }
      if (stmt.ext.parens == 1 && is_word(prev_) && prev_.text == stmt.function_name) {
         stmt.function_named = true; // func (r *T) Name(
      }
   }

   void on_call_paren(StatementT &stmt) {
      if (!stmt.function_keyword) {
         return;
      }
      ++stmt.ext.parens;
      if (stmt.ext.parens == 1 && !stmt.function_named) {
         stmt.ext.receiver = last_word_;
      }
   }

   std::string keyword_function_name(const StatementT &stmt) const {
      std::string name(stmt.function_name);
      if (!stmt.ext.receiver.empty() && stmt.function_named) {
         name = std::string(stmt.ext.receiver) + "." + name;
      }
      return name;
   }

 private:
   std::string_view last_word_; // the last word read: a receiver's type at its ')'
};

} // namespace

void analyze_go(Lexer &lexer, FunctionTracker &functions) {
   GoDialect dialect(Language::Go, lexer, functions);
   dialect.run();
}

} // namespace pmat::native::detail::brace
