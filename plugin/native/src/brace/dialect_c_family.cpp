// SPDX-License-Identifier: MIT
// The C family dialect: C, C++ and Java. Parenthesised headers and bodies without braces; named
// definitions at file level (C, C++) or in class bodies (Java); C's K&R definitions, C++'s
// qualified names, operators, reference declarators, initializer lists and lambdas, Java's
// `->` lambdas, switch rules and anonymous classes.

#include "dialect.hpp"
#include "dialects.hpp"

#include <algorithm>
#include <array>

namespace pmat::native::detail::brace {
namespace {

struct CFamilyState {
   struct Frame {};
   struct Statement {
      bool knr = false; // C: reading K&R parameter declarations after `f(a, b)`
   };
};

class CFamilyDialect final : public DialectBase<CFamilyDialect, CFamilyState> {
 public:
   using DialectBase::DialectBase;

   void end_statement(FrameT &frame) {
      const bool knr = language_ == Language::C && frame.kind == FrameKind::File &&
                       frame.stmt.paren.valid && (frame.stmt.ext.knr || knr_header(frame.stmt));
      if (!knr) {
         reset(frame.stmt);
         return;
      }
      const ClosedParen paren = frame.stmt.paren;
      reset(frame.stmt);
      frame.stmt.ext.knr = true; // K&R parameter declarations: `int f(a) int a; {`
      frame.stmt.paren = paren;
   }

   // K&R declarations end with ';' (or a macro such as LOCALE_PARAM_DECL) before the body.
   bool declarator_ends_here(const StatementT &stmt) const {
      if (!stmt.ext.knr) {
         return stmt.paren.trailer_ok;
      }
      return is(prev_, ";") || (is_word(prev_) && !stmt.type_intro);
   }

   bool continues_declarator(StatementT &stmt, const FrameT &closed) {
      if (keeps_declarator(stmt.paren, closed.before)) {
         return true; // noexcept(...), __attribute__((...)), member initializers
      }
      stmt.ext.knr = false;
      ClosedParen &paren = stmt.paren;
      if (chained_declarator(paren, closed.before)) {
         paren.defaults = parameter_defaults(closed);
         paren.after = -1;
         paren.trailer_ok = true;
         return true; // C `INTERNAL (strtol) (args)`: the macro call names the function
      }
      return false;
   }

   // C++ `T&& x` / `auto&&` / `Args&&...` are references, not conjunctions.
   bool logical_taken(const Token &token) const {
      if (token.text != "&&" || language_ != Language::Cpp) {
         return false;
      }
      return prev_.text == "auto" || prev_.text == "const" || is(prev_, ">") ||
             (top_kind() == FrameKind::Paren && !functions_.any_open());
   }

   void on_declarator_colon(ClosedParen &paren) {
      if (language_ == Language::Cpp && paren.valid && paren.trailer_ok) {
         paren.init_list = true; // C++ constructor initializer list
      }
   }

   bool lambda_arrow(std::string_view text) const {
      return text == "->" && language_ == Language::Java;
   }

   void on_lambda_arrow() {
      StatementT &stmt = top().stmt;
      if (stmt.case_label) {
         stmt.case_label = false; // `case X ->` is a switch rule
         end_statement(top());
         return;
      }
      begin_arrow_lambda();
   }

   bool ternary_follows(const Token &token) const {
      return language_ != Language::Java || !optional_mark_follows(token);
   }

   bool capture_lambda_opens() const {
      return is(prev_, "]") && language_ == Language::Cpp && functions_.any_open();
   }

   bool paren_lambda(const ClosedParen &paren) const {
      return language_ == Language::Cpp && is(paren.before, "]");
   }

   bool named_definition_allowed(const ClosedParen &paren) const {
      if (language_ == Language::Java && paren.before2.text == "new") {
         return false; // new Foo() { ... } is an anonymous class
      }
      return function_name_ok(paren) && function_context_ok();
   }

   bool anonymous_class(const StatementT &stmt) const {
      return language_ == Language::Java && stmt.paren.valid && stmt.paren.before2.text == "new";
   }

   std::string_view scope_separator() const { return language_ == Language::Cpp ? "::" : "."; }

   // Builds `A::B::name`, `~Name` and `operator==` for C++ function names.
   void track_name_word(const Token &token, Keyword keyword) {
      if (language_ != Language::Cpp) {
         qualified_ = token.text;
         return;
      }
      const bool continues = is(prev_, "::") && !qualified_.empty() &&
                             qualified_.data() + qualified_.size() <= prev_.text.data();
      if (continues || is(prev_, "~")) {
         qualified_ = span(continues ? qualified_ : prev_.text, token.text);
      } else {
         qualified_ = token.text;
      }
      in_operator_ = keyword == Keyword::Operator;
   }

   void track_name_punct(const Token &token) {
      if (language_ != Language::Cpp) {
         qualified_ = {};
         return;
      }
      if (in_operator_ && !(is(token, "(") && !is(prev_, "operator"))) {
         qualified_ = span(qualified_, token.text); // operator== / operator() / operator[]
         return;
      }
      in_operator_ = false;
      if (!is(token, "::") && !is(token, "~")) {
         qualified_ = {};
      }
   }

 private:
   // A closed `name(...)` followed directly by a declaration: the start of a K&R definition.
   static bool knr_header(const StatementT &stmt) {
      return is_word(stmt.paren.before) && stmt.paren.after > 1 && !stmt.saw_assign;
   }

   bool chained_declarator(const ClosedParen &current, const Token &before) const {
      return language_ == Language::C && current.valid && current.after == 0 && is(before, ")") &&
             is_word(current.before);
   }

   // After `f(...)`, a parenthesis that belongs to the declarator's trailer (an attribute, an
   // exception specification, a member initializer) keeps `f` as the candidate.
   static bool keeps_declarator(const ClosedParen &current, const Token &before) {
      const bool candidate = current.valid && current.trailer_ok && current.after >= 0;
      return candidate && (current.init_list || trailer_attribute(before.text));
   }

   static bool trailer_attribute(std::string_view word) {
      static constexpr std::array<std::string_view, 5> k_words{"noexcept", "throw", "alignas",
                                                               "requires", "throws"};
      return word.substr(0, 2) == "__" || word.substr(0, 4) == "_GL_" ||
             std::find(k_words.begin(), k_words.end(), word) != k_words.end();
   }

   bool function_name_ok(const ClosedParen &paren) const {
      if (!is_word(paren.before)) {
         return !paren.qualified.empty();
      }
      return plain_function_name(paren);
   }

   // Named definitions: in class bodies for Java, outside any function for C and C++ (a
   // `name(...) {` in a body is a macro loop).
   bool function_context_ok() const {
      if (language_ == Language::Java) {
         return top_kind() == FrameKind::Type;
      }
      const bool c_or_cpp = language_ == Language::C || language_ == Language::Cpp;
      return c_or_cpp && !functions_.any_open();
   }

   bool in_operator_ = false; // C++: reading `operator` and its symbol
};

} // namespace

void analyze_c_family(Language language, Lexer &lexer, FunctionTracker &functions) {
   CFamilyDialect dialect(language, lexer, functions);
   dialect.run();
}

} // namespace pmat::native::detail::brace
