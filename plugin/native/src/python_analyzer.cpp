// SPDX-License-Identifier: MIT
// Python block structure from indentation, in one pass over the tokens.
//
// A compound statement (def, class, if, for, ...) opens its block at the first ':' outside
// brackets. If the line ends there, the block's indentation is that of the next logical line;
// otherwise the body is the rest of the line and the block closes with it.

#include "analyzers.hpp"

#include <array>
#include <limits>
#include <string>
#include <vector>

namespace pmat::native::detail {
namespace {

constexpr std::uint32_t k_pending = std::numeric_limits<std::uint32_t>::max();
constexpr std::size_t k_max_blocks = 4096;

enum class Compound : std::uint8_t {
   None,
   Def,
   Class,
   If,
   Elif,
   Else,
   For,
   While,
   Try,
   Except,
   Finally,
   With,
   Match,
   Case
};

struct CompoundWord {
   std::string_view word;
   Compound kind;
};

constexpr std::array<CompoundWord, 13> k_compounds{{{"def", Compound::Def},
                                                    {"class", Compound::Class},
                                                    {"if", Compound::If},
                                                    {"elif", Compound::Elif},
                                                    {"else", Compound::Else},
                                                    {"for", Compound::For},
                                                    {"while", Compound::While},
                                                    {"try", Compound::Try},
                                                    {"except", Compound::Except},
                                                    {"finally", Compound::Finally},
                                                    {"with", Compound::With},
                                                    {"match", Compound::Match},
                                                    {"case", Compound::Case}}};

Compound compound_of(std::string_view word) {
   for (const auto &entry : k_compounds) {
      if (entry.word == word) {
         return entry.kind;
      }
   }
   return Compound::None;
}

bool nests(Compound kind) {
   return kind == Compound::If || kind == Compound::Elif || kind == Compound::Else ||
          kind == Compound::For || kind == Compound::While || kind == Compound::Except ||
          kind == Compound::Match;
}

struct Block {
   std::uint32_t header_indent = 0;
   std::uint32_t indent = k_pending; // body indentation, known at the first body line
   bool function = false;
   bool one_line = false; // the body followed the ':' on the header line
   int saved_nesting = 0;
   std::string_view class_name;
};

struct Lambda {
   int depth = 0;
   std::size_t function_depth = 0;
   int saved_nesting = 0;
};

bool is(const Token &token, std::string_view text) {
   return token.kind == TokenKind::Punct && token.text == text;
}

class PythonAnalyzer {
 public:
   PythonAnalyzer(Lexer &lexer, FunctionTracker &functions)
       : lexer_(lexer), functions_(functions) {}

   void run() {
      for (Token token = lexer_.next(); token.kind != TokenKind::End; token = lexer_.next()) {
         feed(token);
      }
      close_lambdas(k_pending);
      while (!blocks_.empty()) {
         pop_block();
      }
      functions_.close_all(last_line_);
   }

 private:
   void feed(const Token &token) {
      if (token.kind == TokenKind::Newline) {
         end_line();
         return;
      }
      if (line_tokens_ == 0) {
         start_line(token);
      } else if (one_line_pending_) {
         blocks_.back().one_line = true; // the body follows the ':' on the same line
      }
      one_line_pending_ = false;
      close_lambdas_at(token);
      ++line_tokens_;
      if (token.kind == TokenKind::Word) {
         on_word(token);
      } else if (token.kind == TokenKind::Punct) {
         on_punct(token);
      }
      prev2_ = prev_;
      prev_ = token;
      last_line_ = token.line;
   }

   // ---- lines and blocks -------------------------------------------------------------------
   void start_line(const Token &token) {
      const std::uint32_t indent = token.indent;
      if (!blocks_.empty() && blocks_.back().indent == k_pending) {
         if (indent > blocks_.back().header_indent) {
            blocks_.back().indent = indent;
         } else {
            pop_block(); // a header without an indented body (only in malformed code)
         }
      }
      while (!blocks_.empty() && blocks_.back().indent != k_pending &&
             blocks_.back().indent > indent) {
         pop_block();
      }
      line_indent_ = indent;
      compound_ = Compound::None;
      block_opened_ = false;
      depth_ = 0;
      case_tokens_ = 0;
      case_wildcard_ = false;
      bools_.assign(1, 0);
   }

   void end_line() {
      close_lambdas(k_pending);
      if (block_opened_ && !blocks_.empty() && blocks_.back().one_line) {
         pop_block();
      }
      block_opened_ = false;
      one_line_pending_ = false;
      line_tokens_ = 0;
   }

   void pop_block() {
      const Block block = blocks_.back();
      blocks_.pop_back();
      nesting_ = block.saved_nesting;
      if (block.function) {
         functions_.close(last_line_);
      }
   }

   void open_block(const Token &colon) {
      block_opened_ = true;
      if (blocks_.size() >= k_max_blocks) {
         return; // deeper blocks are read as part of their parent (bounded memory)
      }
      Block block;
      block.header_indent = line_indent_;
      block.saved_nesting = nesting_;
      if (compound_ == Compound::Class) {
         block.class_name = class_name_;
      }
      if (compound_ == Compound::Def) {
         block.function = true;
         open_function(function_name_, function_line_);
      }
      on_block_keyword(colon);
      if (nests(compound_)) {
         ++nesting_;
         functions_.nested_body(nesting_);
      }
      blocks_.push_back(block);
      one_line_pending_ = true;
   }

   // Increments that depend on the whole header (match / case are soft keywords).
   void on_block_keyword(const Token &colon) {
      (void)colon;
      if (compound_ == Compound::Match) {
         functions_.structural(nesting_);
      } else if (compound_ == Compound::Case && !(case_tokens_ == 1 && case_wildcard_)) {
         functions_.branch();
      }
   }

   void open_function(std::string_view name, std::uint32_t line) {
      if (functions_.any_open()) {
         ++nesting_; // a nested def raises the nesting of the functions around it
      }
      functions_.open(qualify(name), name, line, nesting_);
   }

   std::string qualify(std::string_view name) const {
      if (functions_.any_open()) {
         return functions_.innermost_name() + "." + std::string(name);
      }
      std::string prefix;
      for (const Block &block : blocks_) {
         if (!block.class_name.empty()) {
            prefix.append(block.class_name).append(".");
         }
      }
      return prefix + std::string(name);
   }

   // ---- words ------------------------------------------------------------------------------
   void on_word(const Token &token) {
      if (line_tokens_ == 1 || (line_tokens_ == 2 && prev_.text == "async")) {
         if (statement_keyword(token)) {
            return;
         }
      }
      note_header_word(token);
      inline_word(token);
   }

   bool statement_keyword(const Token &token) {
      const Compound kind = compound_of(token.text);
      if (kind == Compound::None) {
         return false;
      }
      compound_ = kind;
      switch (kind) {
      case Compound::If:
      case Compound::For:
      case Compound::While:
      case Compound::Except:
         functions_.branch();
         functions_.structural(nesting_);
         break;
      case Compound::Elif:
         functions_.branch();
         functions_.fundamental();
         break;
      case Compound::Else: functions_.fundamental(); break;
      case Compound::Def:
      case Compound::Class:
         expect_name_ = true;
         function_line_ = token.line;
         break;
      default: break;
      }
      return true;
   }

   void note_header_word(const Token &token) {
      if (expect_name_) {
         expect_name_ = false;
         (compound_ == Compound::Def ? function_name_ : class_name_) = token.text;
      }
      if (compound_ == Compound::Case && !block_opened_ && depth_ == 0) {
         ++case_tokens_;
         case_wildcard_ = token.text == "_";
      }
   }

   void inline_word(const Token &token) {
      const auto word = token.text;
      if (word == "if") {
         functions_.branch(); // conditional expression or comprehension filter
         functions_.structural(nesting_);
      } else if (word == "for" || word == "while") {
         functions_.branch(); // comprehension
      } else if (word == "and" || word == "or") {
         functions_.branch();
         on_boolean(word.front());
      } else if (word == "lambda") {
         lambda_params_ = true;
         lambda_params_depth_ = depth_;
         lambda_line_ = token.line;
      }
   }

   void on_boolean(char op) {
      char &last = bools_.back();
      if (last != op) {
         functions_.fundamental();
      }
      last = op;
   }

   // ---- punctuators ------------------------------------------------------------------------
   void open_bracket() {
      check_recursion();
      ++depth_;
      bools_.push_back(0);
   }

   void close_bracket() {
      depth_ = depth_ > 0 ? depth_ - 1 : 0;
      if (bools_.size() > 1) {
         bools_.pop_back();
      }
   }

   void on_punct(const Token &token) {
      const char c = token.text.size() == 1 ? token.text.front() : '\0';
      if (c == '(' || c == '[' || c == '{') {
         open_bracket();
      } else if (c == ')' || c == ']' || c == '}') {
         close_bracket();
      } else {
         on_separator(token, c);
      }
   }

   void on_separator(const Token &token, char c) {
      if (c == ':') {
         on_colon(token);
      } else if (c == ',' || c == '=') {
         bools_.back() = 0;
      }
   }

   void on_colon(const Token &token) {
      if (lambda_params_ && depth_ == lambda_params_depth_) {
         lambda_params_ = false;
         open_lambda();
         return;
      }
      if (depth_ == 0 && compound_ != Compound::None && !block_opened_) {
         open_block(token);
      }
   }

   void check_recursion() {
      const auto own = functions_.innermost_short_name();
      if (!own.empty() && prev_.kind == TokenKind::Word && prev_.text == own && !is(prev2_, ".") &&
          prev2_.text != "def") {
         functions_.fundamental();
      }
   }

   // ---- lambdas ----------------------------------------------------------------------------
   void open_lambda() {
      Lambda lambda;
      lambda.depth = depth_;
      lambda.saved_nesting = nesting_;
      if (functions_.any_open()) {
         ++nesting_;
      }
      functions_.open(qualify("<lambda>"), {}, lambda_line_, nesting_);
      lambda.function_depth = functions_.depth();
      lambdas_.push_back(lambda);
   }

   void close_lambdas_at(const Token &token) {
      const bool ends = is(token, ",") || is(token, ")") || is(token, "]") || is(token, "}");
      if (ends) {
         close_lambdas(static_cast<std::uint32_t>(depth_));
      }
   }

   // Closes lambdas whose body sits at bracket depth >= `depth` (kPending: all).
   void close_lambdas(std::uint32_t depth) {
      while (!lambdas_.empty() && lambdas_.back().function_depth == functions_.depth() &&
             (depth == k_pending || static_cast<std::uint32_t>(lambdas_.back().depth) >= depth)) {
         nesting_ = lambdas_.back().saved_nesting;
         lambdas_.pop_back();
         functions_.close(last_line_);
      }
   }

   Lexer &lexer_;
   FunctionTracker &functions_;
   std::vector<Block> blocks_;
   std::vector<Lambda> lambdas_;
   std::vector<char> bools_{0};
   Token prev_, prev2_;
   std::uint32_t last_line_ = 1;
   std::uint32_t line_indent_ = 0;
   std::size_t line_tokens_ = 0;
   int depth_ = 0;
   int nesting_ = 0;
   Compound compound_ = Compound::None;
   bool block_opened_ = false;
   bool one_line_pending_ = false;
   bool expect_name_ = false;
   std::string_view function_name_;
   std::string_view class_name_;
   std::uint32_t function_line_ = 0;
   int case_tokens_ = 0;
   bool case_wildcard_ = false;
   bool lambda_params_ = false;
   int lambda_params_depth_ = 0;
   std::uint32_t lambda_line_ = 0;
};

} // namespace

void analyze_python(Lexer &lexer, FunctionTracker &functions) {
   PythonAnalyzer analyzer(lexer, functions);
   analyzer.run();
}

} // namespace pmat::native::detail
