// SPDX-License-Identifier: MIT
#pragma once
// The dialect interface: what a language family tells the brace core (core.hpp).
//
// A dialect is a final class `D` derived from `DialectBase<D, S>`, where `S` is a struct with two
// nested structs, `S::Frame` and `S::Statement`: the dialect's own fields per open bracket and
// per statement (empty structs cost nothing). The core copies and resets them with its own
// frame and statement and never reads them. A dialect's other state is its own members.
//
// The hooks below are the defaults, right for a language with C-style parenthesised headers,
// no lambdas and no language-specific names. A dialect declares a public member with the same
// name and signature to replace one (static polymorphism: the core calls `dialect().hook()`,
// which finds the dialect's member first). All hooks run on the analyzing thread, once per
// event named in their comment; none may throw except std::bad_alloc. Protected members of
// BraceCore (prev_, top(), functions_, ...) are the dialect's to read and update.

#include "core.hpp"

#include <string>
#include <string_view>

namespace pmat::native::detail::brace {

template <class Dialect, class State> class DialectBase : public BraceCore<Dialect, State> {
   using Core = BraceCore<Dialect, State>;

 public:
   using Core::Core;
   using typename Core::FrameT;
   using typename Core::StatementT;

   // true: a control header is the parenthesis after the keyword (`if (x) y;`, bodies without
   // braces allowed). false: it is everything up to the next '{' (Rust, Go).
   static constexpr bool k_parenthesised_headers = true;
   // true: `x = T {` (after an '=' in the statement) is an initializer, not a type body.
   static constexpr bool k_assigned_brace_is_initializer = true;
   // Name of a function introduced by a keyword without a name (`function () {}`).
   static constexpr std::string_view k_anonymous_function = "<anonymous>";

   // ---- every token ----
   // Before the core looks at `token` (statement ends the dialect sees, e.g. JS line breaks).
   void before_token(const Token & /*token*/) {}
   // Just before the core dispatches `token` (word, punctuator or operand).
   void on_token(const Token & /*token*/) {}
   // `keyword` is the table's reading of a word that is not a member name; returns the one to use.
   Keyword refine_keyword(Keyword keyword) { return keyword; }
   // A word / a punctuator was read: keep `qualified_`, the name a following '(' would call.
   void track_name_word(const Token &token, Keyword /*keyword*/) { this->qualified_ = token.text; }
   void track_name_punct(const Token & /*token*/) { this->qualified_ = {}; }

   // ---- operators ----
   // Operators that are a branch and a boolean sequence (Sonar) where nothing else applies.
   bool logical_operator(std::string_view text) const { return text == "&&" || text == "||"; }
   // A logical operator that is something else here (C++ `T&&`, a Rust `||` closure): true
   // when the dialect handled it and it is no branch.
   bool logical_taken(const Token & /*token*/) { return false; }
   // The operator after a lambda's parameters (JS `=>`, Java `->`), if the language has one.
   bool lambda_arrow(std::string_view /*text*/) const { return false; }
   // A lambda_arrow was read (usually: this->begin_arrow_lambda()).
   void on_lambda_arrow() {}
   // Any operator the core does not know (not logical, ';', ',', '?', an arrow, ':', '=').
   void on_other_operator(const Token & /*token*/) {}
   // A ':' directly in `frame`, before a case label ends there.
   void on_colon(FrameT & /*frame*/) {}
   // A ':' that ends no case label, with the statement's last closed parenthesis.
   void on_declarator_colon(ClosedParen & /*paren*/) {}
   // An '=' directly in `frame`.
   void on_assign(FrameT & /*frame*/) {}
   // The token after a '?': true when the '?' is a conditional.
   bool ternary_follows(const Token & /*token*/) const { return true; }

   // ---- statements ----
   // The statement read in `frame` ends (';', a case label, a closed block).
   void end_statement(FrameT &frame) { Core::reset_statement(frame); }
   // In a Match frame: a ',' or a closed block ends an arm.
   void on_arm_end(FrameT & /*frame*/) {}
   // An `if` inside a match arm's pattern is a guard, not a block.
   bool match_guard() const { return false; }
   // A word while a type name is collected: true when it restarts the name (Rust `for`).
   bool type_name_restarts(const Token & /*token*/) const { return false; }
   // A function keyword (`function`, `fn`, `func`) was read; the core has reset the name.
   void on_function_keyword(StatementT & /*stmt*/) {}
   // A plain word after the function keyword while the function is unnamed.
   void name_function(StatementT &stmt, const Token &token) {
      if (!is(this->prev_, "*")) {
         stmt.function_name = token.text;
         stmt.function_named = true;
      }
   }

   // ---- brackets ----
   // A '(' or '[' opened `frame` inside `outer` (the frame the bracket is in). `frame` is
   // already top() unless the brackets were too deep (kMaxFrames): use the two parameters.
   void on_open_group(FrameT & /*frame*/, FrameT & /*outer*/, const Token & /*token*/) {}
   // The four hooks below run when a ')' closes `closed`; it is still top() then, so they read
   // the enclosing statement through their parameters only.
   // Branches from parameter default values in a closed control header / parameter list.
   std::uint32_t header_defaults(const FrameT & /*closed*/) const { return 0; }
   std::uint32_t parameter_defaults(const FrameT & /*closed*/) const { return 0; }
   // A ')' closed `closed` inside `stmt`: true when it belongs to the current declarator (an
   // attribute, a macro name) so that the declarator's parenthesis stays the candidate.
   bool continues_declarator(StatementT & /*stmt*/, const FrameT & /*closed*/) { return false; }
   // After a call-like `name(...)` became the statement's candidate.
   void on_call_paren(StatementT & /*stmt*/) {}

   // ---- '{' ----
   // A '{' right after the candidate's trailer: true when the declarator is complete.
   bool declarator_ends_here(const StatementT &stmt) const { return stmt.paren.trailer_ok; }
   // C++ `[&] {` and `[](...) {`: lambdas.
   bool capture_lambda_opens() const { return false; }
   bool paren_lambda(const ClosedParen & /*paren*/) const { return false; }
   // May `name(...) {` define a function here?
   bool named_definition_allowed(const ClosedParen & /*paren*/) const { return false; }
   // The name of the function `name(...) {` defines, given named_definition_allowed.
   std::string_view definition_name(const ClosedParen &paren) const {
      return paren.qualified.empty() ? paren.before.text : paren.qualified;
   }
   // A function keyword's function: named at all, and its full name when named.
   bool keyword_function_named(const StatementT &stmt) const { return stmt.function_named; }
   std::string keyword_function_name(const StatementT &stmt) const {
      return std::string(stmt.function_name);
   }
   // A '{' that opens a class body without a class keyword (Java `new T() {`).
   bool anonymous_class(const StatementT & /*stmt*/) const { return false; }
   // A '{' that opens no function, type or control body: an initializer/object (true) or a block.
   bool object_brace() {
      return this->initializer_position() || this->init_list_member_brace(this->top().stmt.paren);
   }
   // The plain brace `frame` is about to be pushed.
   void on_plain_brace(FrameT & /*frame*/, bool /*object*/) {}
   // Between a scope's name and a function's: `::` or `.`.
   std::string_view scope_separator() const { return "."; }

   // ---- lambdas ----
   // Name before `= async (` for `async (...) =>`; an empty token when none.
   Token async_arrow_target() const { return {}; }
   // With a lambda pending: true while `token` belongs to its return type (Rust `|x| -> T {`).
   bool lambda_return_type(const Token & /*token*/) { return false; }
   // With an expression lambda open: true when `token` ends the expression (JS line breaks).
   bool line_ends_expression(const Token & /*token*/) const { return false; }
};

} // namespace pmat::native::detail::brace
