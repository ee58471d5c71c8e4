// SPDX-License-Identifier: MIT
#pragma once
// The brace core: block structure for the brace languages, in one pass over the tokens.
//
// A stack of frames mirrors the open brackets. Each frame also holds the state of the statement
// being read directly inside it (last closed parenthesis, a pending `class`/`fn`/`func`, ...),
// which is what decides, at a '{', whether a function body, a type body, a control body or a
// plain block opens. Control bodies without braces get a virtual frame that ends at the
// statement's ';'.
//
// What differs between languages is asked of the dialect (dialect.hpp), a class derived from
// this one (CRTP): `Dialect` names it, `State` holds its per-frame and per-statement fields.
// Each dialect instantiates the core once, so the per-token loop calls the dialect's hooks
// directly (inlined) instead of testing the language on every token.

#include "../function_tracker.hpp"
#include "frames.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace pmat::native::detail::brace {

constexpr std::size_t k_max_frames = 4096; // deeper brackets are only counted (bounded memory)

template <class Dialect, class State> class BraceCore {
 public:
   using FrameT = Frame<State>;
   using StatementT = Statement<State>;

   // `lexer` and `functions` must outlive the core; the core reads `lexer` to its end.
   BraceCore(Language language, Lexer &lexer, FunctionTracker &functions)
       : language_(language), lexer_(lexer), functions_(functions) {
      frames_.reserve(64);
      frames_.emplace_back();
   }

   // Walks every token of the file once and closes the functions still open at its end.
   void run() {
      // A fresh token per turn: constructed in place by next(), not assigned over the last one.
      for (;;) {
         const Token token = lexer_.next();
         if (token.kind == TokenKind::End) {
            break;
         }
         feed(token);
      }
      expressions_.clear();
      functions_.close_all(lexer_.line());
   }

 protected:
   Dialect &dialect() { return static_cast<Dialect &>(*this); }
   const Dialect &dialect() const { return static_cast<const Dialect &>(*this); }

   FrameT &top() { return frames_.back(); }
   FrameKind top_kind() const { return frames_.back().kind; }

   // ---- per token --------------------------------------------------------------------------
   void feed(const Token &token) {
      do_tail_now_ = do_tail_expected_;
      do_tail_expected_ = false;
      labelled_jump(token);
      dialect().before_token(token);
      if (!quiet()) {
         settle_pending(token);
      }
      dialect().on_token(token);
      if (is_word(token)) {
         on_word(token);
      } else if (token.kind == TokenKind::Punct) {
         on_punct(token);
      } else {
         check_trailer(token);
      }
      remember(token);
   }

   // In this order: each step may leave work for a later one.
   void settle_pending(const Token &token) {
      settle_header(token);
      close_expression_functions(token);
      resolve_question(token);
      finish_pending_statement(token);
      start_braceless_body(token);
      start_lambda_body(token);
   }

   // `break label` / `continue 'outer`: Sonar's +1 for a jump to a label.
   void labelled_jump(const Token &token) {
      if (pending_jump_ && is_word(token)) {
         functions_.fundamental();
      }
      pending_jump_ = false;
   }

   // A control keyword waits for its parenthesised header; anything else cancels it (JS
   // `catch {`, Java `try (...)` is turned into a header by start_braceless_body).
   void settle_header(const Token &token) {
      if (pending_.header == Keyword::None || is(token, "(") || is_word(token)) {
         return;
      }
      if (is(token, "{")) {
         pending_.body = pending_.header;
      }
      pending_.header = Keyword::None;
   }

   void remember(const Token &token) {
      prev3_ = prev2_;
      prev2_ = prev_;
      prev_ = token;
      StatementT &stmt = top().stmt;
      if (stmt.paren.valid) {
         ++stmt.paren.after;
      }
   }

   // ---- words ------------------------------------------------------------------------------
   void on_word(const Token &token) {
      const bool member = is(prev_, ".") || is(prev_, "?.") || is(prev_, "->") || is(prev_, "::");
      const Keyword keyword =
          member ? Keyword::None : dialect().refine_keyword(keyword_of(language_, token.text));
      collect_type_name(token, keyword);
      collect_function_name(token, keyword);
      dialect().track_name_word(token, keyword);
      check_trailer(token);
      if (keyword != Keyword::None) {
         on_keyword(token, keyword);
      }
   }

   void on_keyword(const Token &token, Keyword keyword) {
      switch (keyword) {
      case Keyword::If: on_if(); break;
      case Keyword::Else: on_else(); break;
      case Keyword::For:
      case Keyword::While: on_loop(keyword); break;
      case Keyword::Do:
      case Keyword::Try:
      case Keyword::Finally: on_direct_body(keyword); break;
      default: on_block_keyword(token, keyword); break;
      }
   }

   void on_block_keyword(const Token &token, Keyword keyword) {
      switch (keyword) {
      case Keyword::Switch:
      case Keyword::Match:
      case Keyword::Select:
      case Keyword::Loop: on_structural(keyword); break;
      case Keyword::Case: on_case(); break;
      case Keyword::Default: top().stmt.case_label = true; break;
      case Keyword::Catch: on_catch(); break;
      default: on_other_keyword(token, keyword); break;
      }
   }

   void on_other_keyword(const Token &token, Keyword keyword) {
      switch (keyword) {
      case Keyword::Goto: functions_.fundamental(); break;
      case Keyword::Break:
      case Keyword::Continue: pending_jump_ = true; break;
      case Keyword::Function: on_function_keyword(token); break;
      case Keyword::TypeIntro: on_type_intro(); break;
      case Keyword::New: top().stmt.saw_new = true; break;
      case Keyword::And:
      case Keyword::Or: on_boolean(keyword == Keyword::And ? '&' : '|'); break;
      default: break;
      }
   }

   void on_if() {
      functions_.branch();
      if (dialect().match_guard()) {
         return; // `pattern if cond =>`: a branch, not a block
      }
      if (else_if_) {
         functions_.fundamental();
      } else {
         functions_.structural(nesting_);
      }
      else_if_ = false;
      expect_header(Keyword::If);
   }

   void on_else() {
      if constexpr (!Dialect::k_parenthesised_headers) {
         top().stmt.pending_control = Keyword::Else;
      }
      pending_.else_body = true;
   }

   void on_loop(Keyword keyword) {
      if (keyword == Keyword::While && do_tail_now_) {
         functions_.branch(); // the condition of do ... while
         return;
      }
      functions_.branch();
      functions_.structural(nesting_);
      expect_header(keyword);
   }

   void on_direct_body(Keyword keyword) {
      if (keyword == Keyword::Try) {
         pending_.try_seen = true;
      }
      if (keyword == Keyword::Do) {
         functions_.structural(nesting_);
      }
      pending_.body = keyword;
   }

   void on_structural(Keyword keyword) {
      functions_.branch(keyword == Keyword::Loop ? 1U : 0U);
      functions_.structural(nesting_);
      expect_header(keyword);
   }

   void on_case() {
      functions_.branch();
      top().stmt.case_label = true;
   }

   void on_catch() {
      functions_.branch();
      functions_.structural(nesting_);
      expect_header(Keyword::Catch);
   }

   // Parenthesised headers: the header is the next parenthesis. Otherwise (Rust, Go) it is
   // everything up to the next '{'.
   void expect_header(Keyword keyword) {
      if constexpr (Dialect::k_parenthesised_headers) {
         pending_.header = keyword;
      } else {
         top().stmt.pending_control = keyword;
      }
   }

   void on_function_keyword(const Token &token) {
      StatementT &stmt = top().stmt;
      stmt.function_keyword = true;
      stmt.function_named = false;
      stmt.function_name = {};
      stmt.function_line = token.line;
      dialect().on_function_keyword(stmt);
   }

   void on_type_intro() {
      StatementT &stmt = top().stmt;
      stmt.type_intro = true;
      stmt.type_collecting = true;
      stmt.angle = 0;
      stmt.type_name = {};
   }

   // Name of a class / namespace / impl: the last word at angle depth 0 before the body.
   void collect_type_name(const Token &token, Keyword keyword) {
      StatementT &stmt = top().stmt;
      if (!stmt.type_collecting || stmt.angle != 0 || keyword == Keyword::TypeIntro) {
         return;
      }
      static constexpr std::array<std::string_view, 7> k_stops{
          "extends", "implements", "where", "permits", "final", "sealed", "abstract"};
      if (std::find(k_stops.begin(), k_stops.end(), token.text) != k_stops.end()) {
         stmt.type_collecting = false;
      } else if (dialect().type_name_restarts(token)) {
         stmt.type_name = {};
      } else {
         stmt.type_name = token.text;
      }
   }

   void collect_function_name(const Token &token, Keyword keyword) {
      StatementT &stmt = top().stmt;
      if (!stmt.function_keyword || stmt.function_named || keyword != Keyword::None) {
         return;
      }
      dialect().name_function(stmt, token);
   }

   // ---- punctuators ------------------------------------------------------------------------
   void on_punct(const Token &token) {
      track_angles(token);
      if (opener(token)) {
         on_open(token);
      } else if (closer(token)) {
         on_close(token);
      } else {
         on_operator(token);
      }
      dialect().track_name_punct(token);
   }

   void on_operator(const Token &token) {
      const auto text = token.text;
      check_trailer(token);
      if (dialect().logical_operator(text)) {
         on_logical(token);
      } else if (text == ";") {
         on_semicolon();
      } else if (text == ",") {
         on_comma();
      } else if (text == "?") {
         pending_.question = true;
      } else {
         on_other_operator(token);
      }
   }

   void on_other_operator(const Token &token) {
      const auto text = token.text;
      if (dialect().lambda_arrow(text)) {
         dialect().on_lambda_arrow();
      } else if (text == ":") {
         on_colon();
      } else if (text == "=") {
         on_assign();
      } else {
         dialect().on_other_operator(token);
      }
   }

   void on_logical(const Token &token) {
      if (dialect().logical_taken(token)) {
         return;
      }
      functions_.branch();
      on_boolean(token.text.front());
   }

   void on_boolean(char op) {
      FrameT &frame = top();
      if (frame.last_bool != op) {
         functions_.fundamental();
      }
      frame.last_bool = op;
   }

   void on_semicolon() {
      FrameT &frame = top();
      frame.stmt.saw_assign = false;
      frame.last_bool = 0;
      if constexpr (!Dialect::k_parenthesised_headers) {
         if (frame.stmt.pending_control != Keyword::None) {
            return; // Go: `if x := f(); x > 0 {`
         }
      }
      dialect().end_statement(frame);
      pop_statement_bodies();
   }

   void on_comma() {
      FrameT &frame = top();
      frame.last_bool = 0;
      dialect().on_arm_end(frame);
      frame.stmt.case_label = false;
   }

   void on_colon() {
      FrameT &frame = top();
      frame.last_bool = 0;
      dialect().on_colon(frame);
      if (frame.stmt.case_label) {
         frame.stmt.case_label = false;
         dialect().end_statement(frame);
         return;
      }
      dialect().on_declarator_colon(frame.stmt.paren);
      if (frame.stmt.angle == 0) {
         frame.stmt.type_collecting = false; // base classes, trait bounds
      }
   }

   void on_assign() {
      FrameT &frame = top();
      frame.last_bool = 0;
      frame.stmt.saw_assign = true;
      dialect().on_assign(frame);
   }

   // ---- brackets ---------------------------------------------------------------------------
   void on_open(const Token &token) {
      check_trailer(token);
      if (is(token, "{")) {
         open_brace(token);
      } else {
         open_group(token);
      }
   }

   FrameT new_frame(FrameKind kind, const Token &token) {
      FrameT frame;
      fill_frame(frame, kind, token);
      return frame;
   }

   // `frame` is freshly value-initialised; sets what every new frame takes from the reader.
   void fill_frame(FrameT &frame, FrameKind kind, const Token &token) const {
      frame.kind = kind;
      frame.saved_nesting = nesting_;
      frame.before = prev_;
      frame.before2 = prev2_;
      frame.qualified = qualified_;
      frame.open_line = token.line;
   }

   void push(const FrameT &frame) {
      if (frames_.size() >= k_max_frames) {
         ++overflow_;
         return;
      }
      frames_.push_back(frame);
   }

   // The commonest frame (every call and header): built in place, not copied in.
   void open_group(const Token &token) {
      const FrameKind kind = is(token, "(") ? FrameKind::Paren : FrameKind::Bracket;
      const Keyword control = kind == FrameKind::Paren ? pending_.header : Keyword::None;
      pending_.header = Keyword::None;
      const bool pushed = frames_.size() < k_max_frames;
      FrameT &frame = pushed ? frames_.emplace_back() : (spare_ = FrameT{});
      fill_frame(frame, kind, token);
      frame.control = control;
      FrameT &outer = pushed ? frames_[frames_.size() - 2] : frames_.back();
      overflow_ += pushed ? 0 : 1;
      dialect().on_open_group(frame, outer, token);
      check_recursion();
   }

   void check_recursion() {
      const auto own = functions_.innermost_short_name();
      if (!own.empty() && is_word(prev_) && prev_.text == own && !is(prev2_, ".") &&
          !is(prev2_, "->") && !is(prev2_, "function")) {
         functions_.fundamental(); // a direct recursive call
      }
   }

   // True when the previous token ends a value (so '[' indexes and '{' cannot open a pattern).
   bool value_before() const {
      if (prev_.kind == TokenKind::Number || prev_.kind == TokenKind::String) {
         return true;
      }
      if (is_word(prev_)) {
         return keyword_of(language_, prev_.text) == Keyword::None;
      }
      return is(prev_, ")") || is(prev_, "]") || is(prev_, "}");
   }

   void on_close(const Token &token) {
      if (overflow_ > 0) {
         --overflow_;
         return;
      }
      if (frames_.size() <= 1) {
         return; // unbalanced closer: ignore
      }
      pop_statement_bodies_for_close();
      if (frames_.size() <= 1) {
         return;
      }
      if (top_kind() == FrameKind::Paren) {
         close_paren(token); // the commonest closer: read in place, not copied out
         return;
      }
      // Only these four fields are read once the frame is popped: no copy of the whole frame.
      const FrameT &top_frame = frames_.back();
      nesting_ = top_frame.saved_nesting;
      const bool function = top_frame.function;
      const FrameKind kind = top_frame.kind;
      const Keyword control = top_frame.control;
      frames_.pop_back();
      if (function) {
         functions_.close(token.line);
      }
      if (kind != FrameKind::Bracket) {
         after_brace(kind, control);
      }
   }

   // A parenthesis frame never holds a function; it stays on the stack (top()) while its
   // enclosing frame learns about it, and is popped afterwards.
   void close_paren(const Token &token) {
      const FrameT &closed = frames_.back();
      nesting_ = closed.saved_nesting;
      after_paren(closed, frames_[frames_.size() - 2], token);
      frames_.pop_back();
   }

   void after_paren(const FrameT &closed, FrameT &frame, const Token &token) {
      if (closed.control != Keyword::None) {
         pending_.body = closed.control;
         functions_.branch(dialect().header_defaults(closed)); // for (const {a = 1} of list)
         return;
      }
      if (dialect().continues_declarator(frame.stmt, closed)) {
         return;
      }
      ClosedParen &paren = frame.stmt.paren;
      reset(paren);
      paren.valid = true;
      paren.before = closed.before;
      paren.before2 = closed.before2;
      paren.qualified = closed.qualified;
      paren.line = closed.before.line != 0 ? closed.before.line : token.line;
      paren.open_line = closed.open_line;
      paren.defaults = dialect().parameter_defaults(closed);
      paren.after = -1; // remember() counts the ')' itself
      dialect().on_call_paren(frame.stmt);
   }

   // The group a `}` closed (a brace frame of kind `kind`, opened for `control`) was popped.
   void after_brace(FrameKind kind, Keyword control) {
      FrameT &frame = top();
      if (control == Keyword::Do) {
         do_tail_expected_ = true;
      }
      if (kind == FrameKind::Object) {
         return; // an initializer or object literal (or a C++ member brace-initializer) goes on
      }
      dialect().end_statement(frame);
      frame.last_bool = 0;
      dialect().on_arm_end(frame);
      pending_.statement_end = frame.kind == FrameKind::Statement;
   }

   // ---- '{' --------------------------------------------------------------------------------
   void open_brace(const Token &token) {
      if (open_control_body(token) || open_function_body(token) || open_type_body(token)) {
         return;
      }
      open_plain_brace(token);
   }

   bool open_control_body(const Token &token) {
      Keyword control = pending_.body;
      pending_.body = Keyword::None;
      StatementT &stmt = top().stmt;
      if constexpr (!Dialect::k_parenthesised_headers) {
         if (control == Keyword::None) {
            control = stmt.pending_control;
         }
      }
      if (control == Keyword::None) {
         return false;
      }
      stmt.pending_control = Keyword::None;
      if (control == Keyword::Else) {
         functions_.fundamental();
      }
      push_control(token, control, FrameKind::Control);
      return true;
   }

   // A control body: built in place on the stack, as open_group's frames.
   void push_control(const Token &token, Keyword control, FrameKind kind) {
      const bool pushed = frames_.size() < k_max_frames;
      FrameT &frame = pushed ? frames_.emplace_back() : (spare_ = FrameT{});
      overflow_ += pushed ? 0 : 1;
      fill_frame(frame, kind, token);
      frame.control = control;
      frame.nests = nesting_control(control);
      if (control == Keyword::Match) {
         frame.kind = FrameKind::Match;
      }
      if (frame.nests) {
         ++nesting_;
         functions_.nested_body(nesting_);
      }
   }

   bool open_function_body(const Token &token) {
      StatementT &stmt = top().stmt;
      if (lambda_block_) {
         lambda_block_ = false;
         open_function(token, lambda_name_, lambda_line_, "<lambda>");
         return true;
      }
      if (stmt.function_keyword) {
         return open_keyword_function(token, stmt);
      }
      if (dialect().capture_lambda_opens()) {
         open_function(token, {}, token.line, "<lambda>"); // C++ [&] { ... }
         return true;
      }
      return stmt.paren.valid && open_paren_function(token, stmt);
   }

   bool open_keyword_function(const Token &token, StatementT &stmt) {
      pending_defaults_ = stmt.paren.valid ? stmt.paren.defaults : 0;
      const bool named = !stmt.function_name.empty() && dialect().keyword_function_named(stmt);
      std::string name = named ? dialect().keyword_function_name(stmt)
                               : std::string(Dialect::k_anonymous_function);
      const std::uint32_t line = stmt.function_line;
      reset(stmt);
      open_function_named(token, std::move(name), line);
      return true;
   }

   bool open_paren_function(const Token &token, StatementT &stmt) {
      const ClosedParen paren = stmt.paren;
      if (!dialect().declarator_ends_here(stmt) || init_list_member_brace(paren)) {
         return false;
      }
      if (dialect().paren_lambda(paren)) {
         reset(stmt);
         open_function(token, {}, paren.line, "<lambda>");
         return true;
      }
      if (!dialect().named_definition_allowed(paren)) {
         return false;
      }
      pending_defaults_ = paren.defaults;
      reset(stmt);
      open_function_named(token, std::string(dialect().definition_name(paren)), paren.line);
      return true;
   }

   // `Foo() : a{1}, b{2} {`: a brace right after a member name is its initializer.
   bool init_list_member_brace(const ClosedParen &paren) const {
      return paren.init_list && (is_word(prev_) || is(prev_, ">"));
   }

   // True when the declarator's name may name a function: a plain word or `operator`.
   bool plain_function_name(const ClosedParen &paren) const {
      const Keyword keyword = keyword_of(language_, paren.before.text);
      return keyword == Keyword::None || keyword == Keyword::Operator;
   }

   bool open_type_body(const Token &token) {
      StatementT &stmt = top().stmt;
      const bool anonymous_class = dialect().anonymous_class(stmt);
      const bool initializer = stmt.saw_assign && Dialect::k_assigned_brace_is_initializer;
      if ((!stmt.type_intro || initializer) && !anonymous_class) {
         return false;
      }
      FrameT frame = new_frame(FrameKind::Type, token);
      frame.name = anonymous_class ? stmt.paren.before.text : stmt.type_name;
      reset(stmt);
      push(frame);
      return true;
   }

   void open_plain_brace(const Token &token) {
      const bool object = dialect().object_brace();
      FrameT frame = new_frame(object ? FrameKind::Object : FrameKind::Block, token);
      dialect().on_plain_brace(frame, object);
      if (!object) {
         reset(top().stmt);
      }
      push(frame);
   }

   // `= {`, `, {`, `({` and nested `{{` open initializers, not blocks.
   bool initializer_position() const {
      if (is(prev_, "{")) {
         return top_kind() == FrameKind::Object;
      }
      return is(prev_, "=") || is(prev_, ",") || is(prev_, "(") ||
             (is_word(prev_) && prev_.text == "return");
   }

   void open_function(const Token &token, std::string_view name, std::uint32_t line,
                      std::string_view fallback) {
      open_function_named(token, std::string(name.empty() ? fallback : name), line);
   }

   void open_function_named(const Token &token, std::string name, std::uint32_t line) {
      FrameT frame = new_frame(FrameKind::Function, token);
      frame.function = true;
      if (functions_.any_open()) {
         ++nesting_; // a nested function or lambda raises the nesting of its enclosing ones
      }
      const auto short_name = std::string_view(name).substr(short_name_of(name));
      functions_.open(qualify(name), short_name, line, nesting_);
      functions_.branch(pending_defaults_);
      pending_defaults_ = 0;
      reset(top().stmt);
      push(frame);
   }

   // The last component of a qualified name, as a view into the source where possible.
   static std::size_t short_name_of(const std::string &name) {
      const auto pos = name.find_last_of(":.");
      return pos == std::string::npos ? 0 : pos + 1;
   }

   std::string qualify(const std::string &name) const {
      const std::string_view separator = dialect().scope_separator();
      std::string prefix;
      for (const FrameT &frame : frames_) {
         if (frame.kind == FrameKind::Type && !frame.name.empty()) {
            prefix.append(frame.name).append(separator);
         }
      }
      if (functions_.any_open()) {
         prefix = functions_.innermost_name() + std::string(separator);
      }
      return prefix + strip_spaces(name);
   }

   // ---- lambdas and closures ---------------------------------------------------------------
   // An arrow (JS `=>`, Java `->`): a lambda whose parameters precede it.
   void begin_arrow_lambda() {
      StatementT &stmt = top().stmt;
      pending_.lambda = true;
      // `(a, b) =>`, also with a return type annotation: `(a): Promise<T> =>`
      const bool parenthesised =
          stmt.paren.valid && stmt.paren.after <= 16 && stmt.paren.after >= 0;
      lambda_line_ = parenthesised ? stmt.paren.open_line : prev_.line;
      pending_defaults_ = parenthesised ? stmt.paren.defaults : 0;
      lambda_name_ =
          parenthesised ? parenthesised_arrow_name(stmt.paren) : arrow_name(prev2_, prev3_);
      stmt.paren.valid = false;
   }

   // `name = (...) =>`, `name: async (...) =>`: the name the arrow is assigned to, if any.
   std::string_view parenthesised_arrow_name(const ClosedParen &paren) const {
      if (paren.before.text == "async") {
         return arrow_name(paren.before2, dialect().async_arrow_target());
      }
      return arrow_name(paren.before, paren.before2);
   }

   static std::string_view arrow_name(const Token &assign, const Token &name) {
      const bool assigned = is(assign, "=") || is(assign, ":");
      return assigned && is_word(name) ? name.text : std::string_view{};
   }

   // A closure's parameters have been read: its body starts at the next token.
   void begin_closure(std::uint32_t line) {
      pending_.lambda = true;
      lambda_line_ = line;
      lambda_name_ = {};
      pending_defaults_ = 0;
   }

   void start_lambda_body(const Token &token) {
      if (!pending_.lambda || dialect().lambda_return_type(token)) {
         return;
      }
      pending_.lambda = false;
      if (is(token, "{")) {
         lambda_block_ = true;
         return;
      }
      open_expression_function();
   }

   void open_expression_function() {
      ExprFunction expr;
      expr.frames = frames_.size();
      expr.saved_nesting = nesting_;
      if (functions_.any_open()) {
         ++nesting_;
      }
      const std::string name(lambda_name_.empty() ? std::string_view("<lambda>") : lambda_name_);
      functions_.open(qualify(name), {}, lambda_line_, nesting_);
      functions_.branch(pending_defaults_);
      pending_defaults_ = 0;
      expr.depth = functions_.depth();
      expressions_.push_back(expr);
   }

   bool expression_ends(const ExprFunction &expr, const Token &token) const {
      if (frames_.size() != expr.frames || overflow_ > 0) {
         return frames_.size() < expr.frames;
      }
      if (closer(token) || is(token, ",") || is(token, ";")) {
         return true;
      }
      return (is(token, ":") && expr.ternaries == 0) || dialect().line_ends_expression(token);
   }

   void close_expression_functions(const Token &token) {
      while (!expressions_.empty() && expressions_.back().depth == functions_.depth() &&
             expression_ends(expressions_.back(), token)) {
         nesting_ = expressions_.back().saved_nesting;
         expressions_.pop_back();
         functions_.close(prev_.line);
      }
   }

   // ---- statements and bodies without braces -----------------------------------------------
   // Ends the statement read in `frame`: what the dialects' end_statement does by default.
   static void reset_statement(FrameT &frame) { reset(frame.stmt); }

   void finish_pending_statement(const Token &token) {
      if (!pending_.statement_end) {
         return;
      }
      pending_.statement_end = false;
      const Keyword keyword = is_word(token) ? keyword_of(language_, token.text) : Keyword::None;
      if (keyword == Keyword::Else || keyword == Keyword::Catch || keyword == Keyword::Finally ||
          (keyword == Keyword::While && do_tail_now_)) {
         return;
      }
      pop_statement_bodies();
   }

   // After `else`: an `if` makes it an else-if; anything else starts the else body.
   bool resolve_else(const Token &token) {
      pending_.else_body = false;
      if (is_word(token) && keyword_of(language_, token.text) == Keyword::If) {
         else_if_ = true;
         top().stmt.pending_control = Keyword::None;
         pending_.body = Keyword::None;
         return true;
      }
      if constexpr (Dialect::k_parenthesised_headers) {
         pending_.body = Keyword::Else;
      }
      return false;
   }

   void start_braceless_body(const Token &token) {
      if (pending_.else_body && resolve_else(token)) {
         return;
      }
      if (pending_.body == Keyword::Try && pending_.try_seen && is(token, "(")) {
         pending_.header = Keyword::Try; // Java try-with-resources
         pending_.body = Keyword::None;
      }
      pending_.try_seen = false;
      if (pending_.body == Keyword::None || is(token, "{")) {
         return;
      }
      const Keyword control = pending_.body;
      pending_.body = Keyword::None;
      if (control == Keyword::Else) {
         functions_.fundamental();
      }
      push_control(token, control, FrameKind::Statement);
   }

   void pop_statement_bodies() {
      while (frames_.size() > 1 && top_kind() == FrameKind::Statement) {
         const FrameT &closed = frames_.back();
         nesting_ = closed.saved_nesting;
         if (closed.control == Keyword::Do) {
            do_tail_expected_ = true;
         }
         frames_.pop_back(); // last: `closed` refers to it
      }
   }

   void pop_statement_bodies_for_close() {
      while (frames_.size() > 1 && top_kind() == FrameKind::Statement) {
         frames_.pop_back();
      }
   }

   // ---- ternary ----------------------------------------------------------------------------
   void resolve_question(const Token &token) {
      if (!pending_.question) {
         return;
      }
      pending_.question = false;
      if (!dialect().ternary_follows(token)) {
         return;
      }
      functions_.branch();
      functions_.structural(nesting_);
      if (!expressions_.empty() && expressions_.back().frames == frames_.size()) {
         ++expressions_.back().ternaries;
      }
      top().last_bool = 0;
   }

   // ---- small trackers ---------------------------------------------------------------------
   void track_angles(const Token &token) {
      StatementT &stmt = top().stmt;
      if (!stmt.type_collecting) {
         return;
      }
      if (is(token, "<")) {
         ++stmt.angle;
      } else if (is(token, ">") || is(token, ">>")) {
         stmt.angle = std::max(0, stmt.angle - static_cast<int>(token.text.size()));
      }
   }

   // After `f(...)`, only a declarator's trailer may precede a function body.
   void check_trailer(const Token &token) {
      ClosedParen &paren = top().stmt.paren;
      if (!paren.valid || paren.after < 0 || !paren.trailer_ok) {
         return;
      }
      if (token.kind == TokenKind::Word || token.kind == TokenKind::String) {
         return;
      }
      const bool allowed =
          trailer_punct(token.text) || (is(token, ",") && paren.init_list) || is(token, ":");
      paren.trailer_ok = allowed;
   }

   // What an earlier token left for the next ones to settle, one byte each so that quiet() reads
   // them as one word: on most tokens all are clear and the steps that act on them are skipped.
   struct Pending {
      Keyword header = Keyword::None; // a control keyword waiting for its parenthesised header
      Keyword body = Keyword::None;   // a control waiting for its body
      bool else_body = false;         // `else` read: an `if` or the else body follows
      bool question = false;          // `?` read: a conditional or an optional mark
      bool statement_end = false;     // a statement may end before this token
      bool try_seen = false;          // `try` read (Java try-with-resources)
      bool lambda = false;            // a lambda's arrow read, its body not yet started
      bool spare = false;             // always false: the record fills its 8-byte word
   };
   static_assert(sizeof(Pending) == sizeof(std::uint64_t) &&
                 std::has_unique_object_representations_v<Pending>);

   // Nothing pending and no expression-bodied function open: settle_header, the expression
   // functions, resolve_question, finish_pending_statement, start_braceless_body and
   // start_lambda_body would all do nothing.
   bool quiet() const {
      std::uint64_t word = 0;
      std::memcpy(&word, &pending_, sizeof word);
      return word == 0 && expressions_.empty();
   }

   Language language_;
   Lexer &lexer_;
   FunctionTracker &functions_;
   std::vector<FrameT> frames_;
   std::size_t overflow_ = 0;
   FrameT spare_; // a group opened past kMaxFrames: its hooks run on this, then it is dropped
   std::vector<ExprFunction> expressions_;
   int nesting_ = 0;
   Token prev_, prev2_, prev3_;
   Pending pending_;
   bool else_if_ = false;
   bool do_tail_expected_ = false;
   bool do_tail_now_ = false;
   bool pending_jump_ = false;
   bool lambda_block_ = false;
   std::uint32_t lambda_line_ = 0;
   std::string_view lambda_name_;
   std::uint32_t pending_defaults_ = 0;
   std::string_view qualified_; // the name a '(' would call: set by the dialect's trackers
};

} // namespace pmat::native::detail::brace
