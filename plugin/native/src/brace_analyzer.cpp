// SPDX-License-Identifier: MIT
// Block structure for the brace languages, in one pass over the tokens.
//
// A stack of frames mirrors the open brackets. Each frame also holds the state of the statement
// being read directly inside it (last closed parenthesis, a pending `class`/`fn`/`func`, ...),
// which is what decides, at a '{', whether a function body, a type body, a control body or a
// plain block opens. Control bodies without braces (C family) get a virtual frame that ends at
// the statement's ';'.

#include "analyzers.hpp"
#include "keywords.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace pmat::native::detail {
namespace {

constexpr std::size_t kMaxFrames = 4096; // deeper brackets are only counted (bounded memory)

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

enum class Family : std::uint8_t { CLike, Rust, Go };

struct ClosedParen {
   bool valid = false;
   bool trailer_ok = true;
   bool init_list = false;
   Token before;                // token before the '('
   Token before2;               // token before that
   std::string_view qualified;  // qualified name ending at `before` (C++ A::b, ~A, operator==)
   std::uint32_t line = 0;      // line of the name before '('
   std::uint32_t open_line = 0; // line of '(' itself
   std::uint32_t defaults = 0;  // JS default values inside (parameter defaults if params)
   int after = 0;               // tokens read since it closed
};

struct Statement {
   Keyword pending_control = Keyword::None; // Rust/Go: body is the next '{' of this frame
   bool type_intro = false;
   bool type_collecting = false;
   int angle = 0;
   std::string_view type_name;
   bool function_keyword = false; // JS function / Rust fn / Go func seen
   bool function_named = false;
   std::string_view function_name;
   std::uint32_t function_line = 0;
   std::string_view receiver; // Go method receiver type
   int go_parens = 0;         // Go: parenthesised groups closed since `func`
   bool knr = false;
   bool case_label = false;
   bool saw_new = false;
   bool saw_assign = false;
   ClosedParen paren;
};

struct Frame {
   FrameKind kind = FrameKind::File;
   Keyword control = Keyword::None; // Paren: header of; Control/Statement: body of
   bool nests = false;
   bool function = false;
   bool pattern = false; // JS: a '{' or '[' in expression position (object literal or pattern)
   char last_bool = 0;
   int saved_nesting = 0;
   std::uint32_t assigns = 0;  // JS: direct '=' inside a parenthesis
   std::uint32_t defaults = 0; // JS: default values found in nested patterns
   Token before, before2;
   std::string_view qualified;
   std::string_view name; // Type frames
   std::uint32_t open_line = 0;
   bool arm_pattern = true; // Match frames: reading an arm's pattern
   int arm_tokens = 0;
   bool arm_wildcard = false;
   Statement stmt;
};

struct ExprFunction {
   std::size_t frames = 0; // frame count when the expression body started
   std::size_t depth = 0;  // FunctionTracker depth of this function
   int ternaries = 0;
   int saved_nesting = 0;
};

bool is(const Token &token, std::string_view text) {
   return token.kind == TokenKind::Punct && token.text == text;
}

bool is_word(const Token &token) {
   return token.kind == TokenKind::Word;
}

bool opener(const Token &token) {
   return is(token, "(") || is(token, "[") || is(token, "{");
}
bool closer(const Token &token) {
   return is(token, ")") || is(token, "]") || is(token, "}");
}

bool nesting_control(Keyword keyword) {
   return keyword != Keyword::Try && keyword != Keyword::Finally && keyword != Keyword::None;
}

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

// Source text from the start of `first` to the end of `last` (both views into the same buffer).
std::string_view span(std::string_view first, std::string_view last) {
   if (first.empty() || last.data() < first.data()) {
      return last;
   }
   return {first.data(), static_cast<std::size_t>(last.data() + last.size() - first.data())};
}

class BraceAnalyzer {
 public:
   BraceAnalyzer(Language language, Lexer &lexer, FunctionTracker &functions)
       : language_(language), lexer_(lexer), functions_(functions) {
      family_ = language == Language::Rust ? Family::Rust
                : language == Language::Go ? Family::Go
                                           : Family::CLike;
      script_ = language == Language::JavaScript || language == Language::TypeScript;
      frames_.reserve(64);
      frames_.emplace_back();
   }

   void run() {
      for (Token token = lexer_.next(); token.kind != TokenKind::End; token = lexer_.next()) {
         feed(token);
      }
      close_expressions_at_end();
      functions_.close_all(lexer_.line());
   }

 private:
   // ---- per token --------------------------------------------------------------------------
   void feed(const Token &token) {
      do_tail_now_ = do_tail_expected_;
      do_tail_expected_ = false;
      labelled_jump(token);
      automatic_semicolon(token);
      settle_header(token);
      close_expression_functions(token);
      resolve_question(token);
      finish_pending_statement(token);
      start_braceless_body(token);
      start_lambda_body(token);
      if (is_word(token)) {
         on_word(token);
      } else if (token.kind == TokenKind::Punct) {
         on_punct(token);
      } else {
         on_operand(token);
      }
      remember(token);
   }

   // `break label` / `continue 'outer`: Sonar's +1 for a jump to a label.
   void labelled_jump(const Token &token) {
      if (pending_jump_ && is_word(token)) {
         functions_.fundamental();
      }
      pending_jump_ = false;
   }

   // JS statements may end at a line break: a word starting a line after a value starts a new
   // statement (the usual case of automatic semicolon insertion).
   void automatic_semicolon(const Token &token) {
      if (!script_ || !token.line_start || !value_before() || !starts_statement(token)) {
         return;
      }
      end_statement(top());
      pop_statement_bodies();
   }

   static bool starts_statement(const Token &token) {
      if (token.kind != TokenKind::Word) {
         return token.kind == TokenKind::String || token.kind == TokenKind::Number;
      }
      static constexpr std::array<std::string_view, 7> kContinuations{
          "extends", "implements", "in", "of", "instanceof", "as", "satisfies"};
      return std::find(kContinuations.begin(), kContinuations.end(), token.text) ==
             kContinuations.end();
   }

   // A control keyword waits for its parenthesised header; anything else cancels it (JS
   // `catch {`, Java `try (...)` is turned into a header by start_braceless_body).
   void settle_header(const Token &token) {
      if (pending_header_ == Keyword::None || is(token, "(") || is_word(token)) {
         return;
      }
      if (is(token, "{")) {
         expect_body_ = pending_header_;
      }
      pending_header_ = Keyword::None;
   }

   void remember(const Token &token) {
      prev3_ = prev2_;
      prev2_ = prev_;
      prev_ = token;
      Statement &stmt = top().stmt;
      if (stmt.paren.valid) {
         ++stmt.paren.after;
      }
   }

   Frame &top() { return frames_.back(); }

   // ---- words ------------------------------------------------------------------------------
   void on_word(const Token &token) {
      const bool member = is(prev_, ".") || is(prev_, "?.") || is(prev_, "->") || is(prev_, "::");
      Keyword keyword = member ? Keyword::None : keyword_of(language_, token.text);
      if (keyword == Keyword::For && family_ == Family::Rust && top().stmt.type_collecting) {
         keyword = Keyword::None; // impl Trait for Type
      }
      note_arm_token(token);
      collect_type_name(token, keyword);
      collect_function_name(token, keyword);
      track_qualified(token, keyword);
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
      if (match_guard()) {
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

   bool match_guard() const {
      return family_ == Family::Rust && frames_.back().kind == FrameKind::Match &&
             frames_.back().arm_pattern;
   }

   void on_else() {
      if (family_ == Family::CLike) {
         pending_else_ = true;
         return;
      }
      top().stmt.pending_control = Keyword::Else;
      pending_else_ = true;
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
         try_seen_ = true;
      }
      if (keyword == Keyword::Do) {
         functions_.structural(nesting_);
      }
      expect_body_ = keyword;
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

   // C family: the header is the next parenthesis. Rust and Go: everything up to the next '{'.
   void expect_header(Keyword keyword) {
      if (family_ == Family::CLike) {
         pending_header_ = keyword;
      } else {
         top().stmt.pending_control = keyword;
      }
   }

   void on_function_keyword(const Token &token) {
      Statement &stmt = top().stmt;
      stmt.function_keyword = true;
      stmt.function_named = false;
      stmt.function_name = {};
      stmt.function_line = token.line;
      stmt.receiver = {};
      stmt.go_parens = 0;
      if (script_ && (is(prev_, "=") || is(prev_, ":")) && is_word(prev2_)) {
         stmt.function_name = prev2_.text; // const name = function () {}
      }
   }

   void on_type_intro() {
      Statement &stmt = top().stmt;
      stmt.type_intro = true;
      stmt.type_collecting = true;
      stmt.angle = 0;
      stmt.type_name = {};
   }

   // Name of a class / namespace / impl: the last word at angle depth 0 before the body.
   void collect_type_name(const Token &token, Keyword keyword) {
      Statement &stmt = top().stmt;
      if (!stmt.type_collecting || stmt.angle != 0 || keyword == Keyword::TypeIntro) {
         return;
      }
      static constexpr std::array<std::string_view, 7> kStops{
          "extends", "implements", "where", "permits", "final", "sealed", "abstract"};
      if (std::find(kStops.begin(), kStops.end(), token.text) != kStops.end()) {
         stmt.type_collecting = false;
      } else if (token.text == "for" && family_ == Family::Rust) {
         stmt.type_name = {}; // impl Trait for Type: the type names the scope
      } else {
         stmt.type_name = token.text;
      }
   }

   void collect_function_name(const Token &token, Keyword keyword) {
      Statement &stmt = top().stmt;
      if (!stmt.function_keyword || stmt.function_named || keyword != Keyword::None) {
         return;
      }
      if (family_ == Family::Go && stmt.go_parens == 1) {
         stmt.function_name = token.text; // confirmed as a method name by the '(' that follows
         return;
      }
      if (!is(prev_, "*") || script_) {
         stmt.function_name = token.text;
         stmt.function_named = family_ != Family::Go || stmt.go_parens == 0;
      }
   }

   void on_operand(const Token &token) {
      note_arm_token(token);
      check_trailer(token);
   }

   // ---- punctuators ------------------------------------------------------------------------
   void on_punct(const Token &token) {
      note_arm_token(token);
      track_angles(token);
      if (opener(token)) {
         on_open(token);
      } else if (closer(token)) {
         on_close(token);
      } else {
         on_operator(token);
      }
      track_qualified_punct(token);
   }

   void on_operator(const Token &token) {
      const auto text = token.text;
      check_trailer(token);
      if (text == "&&" || text == "||" || (script_ && text == "??")) {
         on_logical(token);
      } else if (text == ";") {
         on_semicolon();
      } else if (text == ",") {
         on_comma();
      } else if (text == "?") {
         question_ = true;
         question_token_ = token;
      } else {
         on_other_operator(token);
      }
   }

   bool lambda_arrow(std::string_view text) const {
      return (text == "=>" && script_) || (text == "->" && language_ == Language::Java);
   }

   // ESLint counts optional chaining and logical assignments as branches.
   bool script_branch(std::string_view text) const {
      static constexpr std::array<std::string_view, 4> kBranches{"?.", "&&=", "||=", "?\?="};
      return script_ && std::find(kBranches.begin(), kBranches.end(), text) != kBranches.end();
   }

   void on_other_operator(const Token &token) {
      const auto text = token.text;
      if (lambda_arrow(text)) {
         on_arrow(token);
      } else if (text == ":") {
         on_colon();
      } else if (text == "=") {
         on_assign();
      } else if (script_branch(text)) {
         functions_.branch();
      } else if (text == "|" && family_ == Family::Rust) {
         on_rust_bar(token);
      }
   }

   void on_logical(const Token &token) {
      if (family_ == Family::Rust && token.text == "||" && closure_start_position()) {
         on_rust_bar(token);
         return;
      }
      if (token.text == "&&" && reference_declarator()) {
         return;
      }
      functions_.branch();
      on_boolean(token.text.front());
   }

   // C++ `T&& x` / `auto&&` / `Args&&...` are references, not conjunctions.
   bool reference_declarator() const {
      if (language_ != Language::Cpp) {
         return false;
      }
      return prev_.text == "auto" || prev_.text == "const" || is(prev_, ">") ||
             (top_kind() == FrameKind::Paren && !functions_.any_open());
   }

   FrameKind top_kind() const { return frames_.back().kind; }

   void on_boolean(char op) {
      Frame &frame = top();
      if (frame.last_bool != op) {
         functions_.fundamental();
      }
      frame.last_bool = op;
   }

   void on_semicolon() {
      Frame &frame = top();
      frame.stmt.saw_assign = false;
      frame.last_bool = 0;
      if (family_ != Family::CLike && frame.stmt.pending_control != Keyword::None) {
         return; // Go: `if x := f(); x > 0 {`
      }
      end_statement(frame);
      pop_statement_bodies();
   }

   void end_statement(Frame &frame) {
      const bool knr = language_ == Language::C && frame.kind == FrameKind::File &&
                       frame.stmt.paren.valid && (frame.stmt.knr || knr_header(frame.stmt));
      const ClosedParen paren = frame.stmt.paren;
      frame.stmt = Statement{};
      if (knr) {
         frame.stmt.knr = true; // K&R parameter declarations: `int f(a) int a; {`
         frame.stmt.paren = paren;
      }
   }

   // A closed `name(...)` followed directly by a declaration: the start of a K&R definition.
   static bool knr_header(const Statement &stmt) {
      return is_word(stmt.paren.before) && stmt.paren.after > 1 && !stmt.saw_assign;
   }

   void on_comma() {
      Frame &frame = top();
      frame.last_bool = 0;
      if (frame.kind == FrameKind::Match) {
         frame.arm_pattern = true;
         frame.arm_tokens = 0;
      }
      frame.stmt.case_label = false;
   }

   void on_colon() {
      Frame &frame = top();
      frame.last_bool = 0;
      after_case_colon_ = frame.stmt.case_label;
      if (frame.stmt.case_label) {
         frame.stmt.case_label = false;
         end_statement(frame);
         return;
      }
      if (language_ == Language::Cpp && frame.stmt.paren.valid && frame.stmt.paren.trailer_ok) {
         frame.stmt.paren.init_list = true; // C++ constructor initializer list
      }
      if (frame.stmt.angle == 0) {
         frame.stmt.type_collecting = false; // base classes, trait bounds
      }
   }

   void on_assign() {
      Frame &frame = top();
      frame.last_bool = 0;
      frame.stmt.saw_assign = true;
      if (!script_) {
         return;
      }
      if (frame.kind == FrameKind::Paren) {
         ++frame.assigns;
      } else if (frame.pattern) {
         add_default();
      }
   }

   // A default value inside an object or array pattern belongs to the nearest parenthesis
   // (maybe a parameter list) or else to the current function.
   void add_default() {
      auto it = frames_.rbegin();
      while (it != frames_.rend() && it->pattern) {
         ++it;
      }
      if (it != frames_.rend() && it->kind == FrameKind::Paren) {
         ++it->defaults;
         return;
      }
      functions_.branch();
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

   Frame new_frame(FrameKind kind, const Token &token) {
      Frame frame;
      frame.kind = kind;
      frame.saved_nesting = nesting_;
      frame.before = prev_;
      frame.before2 = prev2_;
      frame.qualified = qualified_;
      frame.open_line = token.line;
      return frame;
   }

   void push(Frame frame) {
      if (frames_.size() >= kMaxFrames) {
         ++overflow_;
         return;
      }
      frames_.push_back(frame);
   }

   void open_group(const Token &token) {
      Frame frame = new_frame(is(token, "(") ? FrameKind::Paren : FrameKind::Bracket, token);
      if (frame.kind == FrameKind::Paren && pending_header_ != Keyword::None) {
         frame.control = pending_header_;
      }
      pending_header_ = Keyword::None;
      frame.pattern = frame.kind == FrameKind::Bracket && script_ && !value_before();
      note_go_paren(token);
      check_recursion();
      if (script_ && prev_.text == "async") {
         async_target_ = prev3_; // const name = async (...) =>
      }
      push(frame);
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

   void note_go_paren(const Token &token) {
      Statement &stmt = top().stmt;
      if (family_ != Family::Go || !stmt.function_keyword || !is(token, "(")) {
         return;
      }
      if (stmt.go_parens == 1 && is_word(prev_) && prev_.text == stmt.function_name) {
         stmt.function_named = true; // func (r *T) Name(
      }
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
      Frame closed = frames_.back();
      frames_.pop_back();
      nesting_ = closed.saved_nesting;
      if (closed.function) {
         functions_.close(token.line);
      }
      after_close(closed, token);
   }

   void after_close(const Frame &closed, const Token &token) {
      if (closed.kind == FrameKind::Paren) {
         after_paren(closed, token);
      } else if (closed.kind != FrameKind::Bracket) {
         after_brace(closed);
      }
   }

   void after_paren(const Frame &closed, const Token &token) {
      Frame &frame = top();
      if (closed.control != Keyword::None) {
         expect_body_ = closed.control;
         functions_.branch(closed.defaults); // for (const {a = 1} of list)
         return;
      }
      if (keeps_declarator(frame.stmt.paren, closed.before)) {
         return; // noexcept(...), __attribute__((...)), member initializers
      }
      frame.stmt.knr = false;
      ClosedParen &paren = frame.stmt.paren;
      if (chained_declarator(paren, closed.before)) {
         paren.defaults = closed.assigns + closed.defaults;
         paren.after = -1;
         paren.trailer_ok = true;
         return; // C `INTERNAL (strtol) (args)`: the macro call names the function
      }
      paren = ClosedParen{};
      paren.valid = true;
      paren.before = closed.before;
      paren.before2 = closed.before2;
      paren.qualified = closed.qualified;
      paren.line = closed.before.line != 0 ? closed.before.line : token.line;
      paren.open_line = closed.open_line;
      paren.defaults = closed.assigns + closed.defaults;
      paren.after = -1; // remember() counts the ')' itself
      if (family_ == Family::Go && frame.stmt.function_keyword) {
         ++frame.stmt.go_parens;
         capture_receiver(closed);
      }
   }

   bool chained_declarator(const ClosedParen &current, const Token &before) const {
      return language_ == Language::C && current.valid && current.after == 0 && is(before, ")") &&
             is_word(current.before);
   }

   // C/C++: after `f(...)`, a parenthesis that belongs to the declarator's trailer (an
   // attribute, an exception specification, a member initializer) keeps `f` as the candidate.
   bool keeps_declarator(const ClosedParen &current, const Token &before) const {
      const bool candidate = current.valid && current.trailer_ok && current.after >= 0;
      if (!candidate || family_ != Family::CLike || script_) {
         return false;
      }
      return current.init_list || trailer_attribute(before.text);
   }

   static bool trailer_attribute(std::string_view word) {
      static constexpr std::array<std::string_view, 5> kWords{"noexcept", "throw", "alignas",
                                                              "requires", "throws"};
      return word.substr(0, 2) == "__" || word.substr(0, 4) == "_GL_" ||
             std::find(kWords.begin(), kWords.end(), word) != kWords.end();
   }

   void capture_receiver(const Frame &closed) {
      Statement &stmt = top().stmt;
      if (stmt.go_parens == 1 && !stmt.function_named) {
         stmt.receiver = last_word_in_group_;
      }
      (void)closed;
   }

   void after_brace(const Frame &closed) {
      Frame &frame = top();
      if (closed.control == Keyword::Do) {
         do_tail_expected_ = true;
      }
      if (closed.kind == FrameKind::Object) {
         return; // an initializer or object literal (or a C++ member brace-initializer) goes on
      }
      end_statement(frame);
      frame.last_bool = 0;
      if (frame.kind == FrameKind::Match) {
         frame.arm_pattern = true;
         frame.arm_tokens = 0;
      }
      statement_may_end_ = frame.kind == FrameKind::Statement;
   }

   // ---- '{' --------------------------------------------------------------------------------
   void open_brace(const Token &token) {
      if (open_control_body(token) || open_function_body(token) || open_type_body(token)) {
         return;
      }
      open_plain_brace(token);
   }

   bool open_control_body(const Token &token) {
      Keyword control = expect_body_;
      expect_body_ = Keyword::None;
      Statement &stmt = top().stmt;
      if (control == Keyword::None && family_ != Family::CLike) {
         control = stmt.pending_control;
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

   void push_control(const Token &token, Keyword control, FrameKind kind) {
      Frame frame = new_frame(kind, token);
      frame.control = control;
      frame.nests = nesting_control(control);
      if (control == Keyword::Match) {
         frame.kind = FrameKind::Match;
      }
      if (frame.nests) {
         ++nesting_;
         functions_.nested_body(nesting_);
      }
      push(frame);
   }

   bool open_function_body(const Token &token) {
      Statement &stmt = top().stmt;
      if (lambda_block_) {
         lambda_block_ = false;
         open_function(token, lambda_name_, lambda_line_, "<lambda>");
         return true;
      }
      if (stmt.function_keyword) {
         return open_keyword_function(token, stmt);
      }
      if (is(prev_, "]") && language_ == Language::Cpp && functions_.any_open()) {
         open_function(token, {}, token.line, "<lambda>"); // [&] { ... }
         return true;
      }
      return stmt.paren.valid && open_paren_function(token, stmt);
   }

   bool open_keyword_function(const Token &token, Statement &stmt) {
      pending_defaults_ = stmt.paren.valid ? stmt.paren.defaults : 0;
      std::string name(stmt.function_name);
      if (!stmt.receiver.empty() && stmt.function_named) {
         name = std::string(stmt.receiver) + "." + name;
      }
      const std::string_view fallback = family_ == Family::Go ? "<func>" : "<anonymous>";
      const bool named = !stmt.function_name.empty() && (stmt.function_named || script_);
      const std::uint32_t line = stmt.function_line;
      stmt = Statement{};
      open_function_named(token, named ? name : std::string(fallback), line);
      return true;
   }

   // K&R declarations end with ';' (or a macro such as LOCALE_PARAM_DECL) before the body.
   bool declarator_ends_here(const Statement &stmt) const {
      if (!stmt.knr) {
         return stmt.paren.trailer_ok;
      }
      return is(prev_, ";") || (is_word(prev_) && !stmt.type_intro);
   }

   bool open_paren_function(const Token &token, Statement &stmt) {
      const ClosedParen paren = stmt.paren;
      if (!declarator_ends_here(stmt) || init_list_member_brace(paren)) {
         return false;
      }
      if (language_ == Language::Cpp && is(paren.before, "]")) {
         open_lambda_from_paren(token, paren);
         return true;
      }
      if (!named_function_allowed(paren)) {
         return false;
      }
      pending_defaults_ = paren.defaults;
      stmt = Statement{};
      open_function_named(token, std::string(function_name_of(paren)), paren.line);
      return true;
   }

   // `Foo() : a{1}, b{2} {`: a brace right after a member name is its initializer.
   bool init_list_member_brace(const ClosedParen &paren) const {
      return paren.init_list && (is_word(prev_) || is(prev_, ">"));
   }

   void open_lambda_from_paren(const Token &token, const ClosedParen &paren) {
      top().stmt = Statement{};
      open_function(token, {}, paren.line, "<lambda>");
   }

   std::string_view function_name_of(const ClosedParen &paren) const {
      if (is(paren.before, "]") && script_) {
         return "<computed>";
      }
      return paren.qualified.empty() ? paren.before.text : paren.qualified;
   }

   bool function_name_ok(const ClosedParen &paren) const {
      if (!is_word(paren.before)) {
         return !paren.qualified.empty() || (script_ && is(paren.before, "]"));
      }
      const Keyword keyword = keyword_of(language_, paren.before.text);
      return keyword == Keyword::None || keyword == Keyword::Operator;
   }

   // Where a named definition may appear: class bodies (and JS object literals) for Java and
   // JS, outside any function for C and C++ (a `name(...) {` in a body is a macro loop).
   bool function_context_ok() const {
      const FrameKind kind = top_kind();
      if (script_) {
         return kind == FrameKind::Type || kind == FrameKind::Object;
      }
      if (language_ == Language::Java) {
         return kind == FrameKind::Type;
      }
      return (language_ == Language::C || language_ == Language::Cpp) && !functions_.any_open();
   }

   bool named_function_allowed(const ClosedParen &paren) const {
      if (language_ == Language::Java && paren.before2.text == "new") {
         return false; // new Foo() { ... } is an anonymous class
      }
      return function_name_ok(paren) && function_context_ok();
   }

   bool open_type_body(const Token &token) {
      Statement &stmt = top().stmt;
      const bool anonymous_class =
          language_ == Language::Java && stmt.paren.valid && stmt.paren.before2.text == "new";
      const bool initializer = stmt.saw_assign && !script_; // C: struct s v = { ... }
      if ((!stmt.type_intro || initializer) && !anonymous_class) {
         return false;
      }
      Frame frame = new_frame(FrameKind::Type, token);
      frame.name = anonymous_class ? stmt.paren.before.text : stmt.type_name;
      stmt = Statement{};
      push(frame);
      return true;
   }

   void open_plain_brace(const Token &token) {
      const bool object = script_
                              ? expression_position()
                              : initializer_position() || init_list_member_brace(top().stmt.paren);
      Frame frame = new_frame(object ? FrameKind::Object : FrameKind::Block, token);
      frame.pattern = object && script_;
      if (!object) {
         top().stmt = Statement{};
      }
      push(frame);
   }

   // C family: `= {`, `, {`, `({` and nested `{{` open initializers, not blocks.
   bool initializer_position() const {
      if (is(prev_, "{")) {
         return top_kind() == FrameKind::Object;
      }
      return is(prev_, "=") || is(prev_, ",") || is(prev_, "(") ||
             (is_word(prev_) && prev_.text == "return");
   }

   // JS: is a '{' here an object literal (or pattern) rather than a block?
   bool expression_position() const {
      if (prev_.kind == TokenKind::End) {
         return false;
      }
      if (is_word(prev_)) {
         static constexpr std::array<std::string_view, 13> kBeforeExpression{
             "return", "const", "let",  "var",    "typeof", "yield", "await",
             "in",     "of",    "case", "export", "import", "void"};
         return std::find(kBeforeExpression.begin(), kBeforeExpression.end(), prev_.text) !=
                kBeforeExpression.end();
      }
      static constexpr std::array<std::string_view, 4> kBeforeBlock{")", ";", "}", "=>"};
      if (std::find(kBeforeBlock.begin(), kBeforeBlock.end(), prev_.text) != kBeforeBlock.end()) {
         return false;
      }
      if (is(prev_, ":") && after_case_colon_) {
         return false; // case 1: { ... } is a block
      }
      return !(is(prev_, "{") && top_kind() != FrameKind::Object);
   }

   void open_function(const Token &token, std::string_view name, std::uint32_t line,
                      std::string_view fallback) {
      open_function_named(token, std::string(name.empty() ? fallback : name), line);
   }

   void open_function_named(const Token &token, std::string name, std::uint32_t line) {
      Frame frame = new_frame(FrameKind::Function, token);
      frame.function = true;
      if (functions_.any_open()) {
         ++nesting_; // a nested function or lambda raises the nesting of its enclosing ones
      }
      const auto short_name = std::string_view(name).substr(short_name_of(name));
      functions_.open(qualify(name), short_name, line, nesting_);
      functions_.branch(pending_defaults_);
      pending_defaults_ = 0;
      top().stmt = Statement{};
      push(frame);
   }

   // The last component of a qualified name, as a view into the source where possible.
   static std::size_t short_name_of(const std::string &name) {
      const auto pos = name.find_last_of(":.");
      return pos == std::string::npos ? 0 : pos + 1;
   }

   std::string qualify(const std::string &name) const {
      const std::string_view separator =
          language_ == Language::Cpp || language_ == Language::Rust ? "::" : ".";
      std::string prefix;
      for (const Frame &frame : frames_) {
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
   void on_arrow(const Token &token) {
      Statement &stmt = top().stmt;
      if (language_ == Language::Java && stmt.case_label) {
         stmt.case_label = false; // `case X ->` is a switch rule
         end_statement(top());
         return;
      }
      lambda_pending_ = true;
      // `(a, b) =>`, also with a return type annotation: `(a): Promise<T> =>`
      const bool parenthesised =
          stmt.paren.valid && stmt.paren.after <= 16 && stmt.paren.after >= 0;
      lambda_line_ = parenthesised ? stmt.paren.open_line : prev_.line;
      pending_defaults_ = parenthesised ? stmt.paren.defaults : 0;
      lambda_name_ =
          parenthesised ? parenthesised_arrow_name(stmt.paren) : arrow_name(prev2_, prev3_);
      stmt.paren.valid = false;
      (void)token;
   }

   // `name = (...) =>`, `name: async (...) =>`: the name the arrow is assigned to, if any.
   std::string_view parenthesised_arrow_name(const ClosedParen &paren) const {
      if (paren.before.text == "async") {
         return arrow_name(paren.before2, async_target_);
      }
      return arrow_name(paren.before, paren.before2);
   }

   static std::string_view arrow_name(const Token &assign, const Token &name) {
      const bool assigned = is(assign, "=") || is(assign, ":");
      return assigned && is_word(name) ? name.text : std::string_view{};
   }

   void start_lambda_body(const Token &token) {
      if (!lambda_pending_) {
         return;
      }
      if (family_ == Family::Rust && (is(token, "->") || (rust_return_type_ && !is(token, "{")))) {
         rust_return_type_ = true; // |x| -> T { ... }: the body is the block after the type
         return;
      }
      rust_return_type_ = false;
      lambda_pending_ = false;
      if (is(token, "{")) {
         lambda_block_ = true;
         return;
      }
      open_expression_function(token);
   }

   void open_expression_function(const Token &token) {
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
      (void)token;
   }

   bool expression_ends(const ExprFunction &expr, const Token &token) const {
      if (frames_.size() != expr.frames || overflow_ > 0) {
         return frames_.size() < expr.frames;
      }
      if (closer(token) || is(token, ",") || is(token, ";")) {
         return true;
      }
      return (is(token, ":") && expr.ternaries == 0) || automatic_end(token);
   }

   // A new line that starts with a word or literal after a value ends a JS expression body.
   bool automatic_end(const Token &token) const {
      return script_ && token.line_start && value_before() && token.kind != TokenKind::Punct;
   }

   void close_expression_functions(const Token &token) {
      while (!expressions_.empty() && expressions_.back().depth == functions_.depth() &&
             expression_ends(expressions_.back(), token)) {
         nesting_ = expressions_.back().saved_nesting;
         expressions_.pop_back();
         functions_.close(prev_.line);
      }
   }

   void close_expressions_at_end() {
      while (!expressions_.empty()) {
         expressions_.pop_back();
      }
   }

   bool closure_start_position() const {
      if (prev_.kind == TokenKind::End) {
         return true;
      }
      if (is_word(prev_)) {
         return prev_.text == "move" || prev_.text == "return" || prev_.text == "in";
      }
      static constexpr std::array<std::string_view, 8> kBefore{"(", ",", "=", "=>",
                                                               "{", ";", ":", "["};
      return prev_.kind == TokenKind::Punct &&
             std::find(kBefore.begin(), kBefore.end(), prev_.text) != kBefore.end();
   }

   void on_rust_bar(const Token &token) {
      if (closure_params_ && token.text == "|") {
         closure_params_ = false;
         begin_closure(token);
         return;
      }
      if (!closure_start_position()) {
         return;
      }
      if (token.text == "||") {
         begin_closure(token);
      } else {
         closure_params_ = true;
         closure_line_ = token.line;
      }
   }

   void begin_closure(const Token &token) {
      lambda_pending_ = true;
      lambda_line_ = token.text == "||" ? token.line : closure_line_;
      lambda_name_ = {};
      pending_defaults_ = 0;
   }

   // ---- statements and bodies without braces -----------------------------------------------
   void finish_pending_statement(const Token &token) {
      if (!statement_may_end_) {
         return;
      }
      statement_may_end_ = false;
      const Keyword keyword = is_word(token) ? keyword_of(language_, token.text) : Keyword::None;
      if (keyword == Keyword::Else || keyword == Keyword::Catch || keyword == Keyword::Finally ||
          (keyword == Keyword::While && do_tail_now_)) {
         return;
      }
      pop_statement_bodies();
   }

   // After `else`: an `if` makes it an else-if; anything else starts the else body.
   bool resolve_else(const Token &token) {
      pending_else_ = false;
      if (is_word(token) && keyword_of(language_, token.text) == Keyword::If) {
         else_if_ = true;
         top().stmt.pending_control = Keyword::None;
         expect_body_ = Keyword::None;
         return true;
      }
      if (family_ == Family::CLike) {
         expect_body_ = Keyword::Else;
      }
      return false;
   }

   void start_braceless_body(const Token &token) {
      if (pending_else_ && resolve_else(token)) {
         return;
      }
      if (expect_body_ == Keyword::Try && try_seen_ && is(token, "(")) {
         pending_header_ = Keyword::Try; // Java try-with-resources
         expect_body_ = Keyword::None;
      }
      try_seen_ = false;
      if (expect_body_ == Keyword::None || is(token, "{")) {
         return;
      }
      const Keyword control = expect_body_;
      expect_body_ = Keyword::None;
      if (control == Keyword::Else) {
         functions_.fundamental();
      }
      push_control(token, control, FrameKind::Statement);
   }

   void pop_statement_bodies() {
      while (frames_.size() > 1 && top_kind() == FrameKind::Statement) {
         const Frame closed = frames_.back();
         frames_.pop_back();
         nesting_ = closed.saved_nesting;
         if (closed.control == Keyword::Do) {
            do_tail_expected_ = true;
         }
      }
   }

   void pop_statement_bodies_for_close() {
      while (frames_.size() > 1 && top_kind() == FrameKind::Statement) {
         frames_.pop_back();
      }
   }

   // ---- ternary ----------------------------------------------------------------------------
   void resolve_question(const Token &token) {
      if (!question_) {
         return;
      }
      question_ = false;
      if (!ternary_follows(token)) {
         return;
      }
      functions_.branch();
      functions_.structural(nesting_);
      if (!expressions_.empty() && expressions_.back().frames == frames_.size()) {
         ++expressions_.back().ternaries;
      }
      top().last_bool = 0;
   }

   // Java wildcards (`<?>`, `? extends T`), TypeScript optional marks (`a?: T`, `f?()`) and the
   // Rust `?` operator are not conditionals.
   bool ternary_follows(const Token &token) const {
      if (family_ == Family::Rust) {
         return false;
      }
      if (language_ != Language::Java && language_ != Language::TypeScript) {
         return true;
      }
      static constexpr std::array<std::string_view, 8> kNot{":", ")", ",", ">",
                                                            "=", ";", "]", ">>"};
      const bool punct_stop = token.kind == TokenKind::Punct &&
                              std::find(kNot.begin(), kNot.end(), token.text) != kNot.end();
      return !punct_stop && token.text != "extends" && token.text != "super";
   }

   // ---- small trackers ---------------------------------------------------------------------
   void note_arm_token(const Token &token) {
      Frame &frame = top();
      if (frame.kind != FrameKind::Match || !frame.arm_pattern) {
         return;
      }
      if (is(token, "=>")) {
         frame.arm_pattern = false;
         if (!(frame.arm_tokens == 1 && frame.arm_wildcard)) {
            functions_.branch(); // every match arm but the catch-all `_`
         }
         return;
      }
      ++frame.arm_tokens;
      frame.arm_wildcard = is_word(token) && token.text == "_";
   }

   void track_angles(const Token &token) {
      Statement &stmt = top().stmt;
      if (!stmt.type_collecting) {
         return;
      }
      if (is(token, "<")) {
         ++stmt.angle;
      } else if (is(token, ">") || is(token, ">>")) {
         stmt.angle = std::max(0, stmt.angle - static_cast<int>(token.text.size()));
      }
   }

   // Builds `A::B::name`, `~Name` and `operator==` for C++ function names.
   void track_qualified(const Token &token, Keyword keyword) {
      last_word_in_group_ = token.text;
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

   void track_qualified_punct(const Token &token) {
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

   // After `f(...)`, only a declarator's trailer may precede a function body.
   void check_trailer(const Token &token) {
      ClosedParen &paren = top().stmt.paren;
      if (!paren.valid || paren.after < 0 || !paren.trailer_ok) {
         return;
      }
      if (token.kind == TokenKind::Word || token.kind == TokenKind::String) {
         return;
      }
      static constexpr std::array<std::string_view, 17> kAllowed{"::", "->", "<", ">",   ">>", "*",
                                                                 "&",  "&&", "(", "[",   "]",  ".",
                                                                 "|",  "?",  "{", "...", ")"};
      const bool allowed =
          std::find(kAllowed.begin(), kAllowed.end(), token.text) != kAllowed.end() ||
          (is(token, ",") && paren.init_list) || is(token, ":");
      paren.trailer_ok = allowed;
   }

   Language language_;
   Lexer &lexer_;
   FunctionTracker &functions_;
   Family family_ = Family::CLike;
   bool script_ = false;
   std::vector<Frame> frames_;
   std::size_t overflow_ = 0;
   std::vector<ExprFunction> expressions_;
   int nesting_ = 0;
   Token prev_, prev2_, prev3_;
   Token async_target_; // the name before `= async (` (see on_arrow)
   Keyword pending_header_ = Keyword::None;
   Keyword expect_body_ = Keyword::None;
   bool pending_else_ = false;
   bool else_if_ = false;
   bool do_tail_expected_ = false;
   bool do_tail_now_ = false;
   bool try_seen_ = false;
   bool after_case_colon_ = false;
   bool statement_may_end_ = false;
   bool pending_jump_ = false;
   bool question_ = false;
   Token question_token_;
   bool lambda_pending_ = false;
   bool lambda_block_ = false;
   bool rust_return_type_ = false;
   bool closure_params_ = false;
   std::uint32_t closure_line_ = 0;
   std::uint32_t lambda_line_ = 0;
   std::string_view lambda_name_;
   std::uint32_t pending_defaults_ = 0;
   std::string_view qualified_;
   std::string_view last_word_in_group_;
   bool in_operator_ = false;
};

} // namespace

void analyze_brace_language_single_class(Language language, Lexer &lexer,
                                         FunctionTracker &functions) {
   BraceAnalyzer analyzer(language, lexer, functions);
   analyzer.run();
}

} // namespace pmat::native::detail
