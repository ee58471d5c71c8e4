// SPDX-License-Identifier: MIT
#pragma once
// A single-pass, allocation-free tokenizer for the analyzer's languages. It yields only what the
// metrics need (words, numbers, string placeholders, punctuators and, for Python, logical line
// ends) and hands every comment to a CommentSink. It keeps O(1) state apart from a small stack of
// preprocessor conditionals and template-literal nesting, so its memory does not grow with input.

#include <pmat/native/language.hpp>

#include <cstdint>
#include <string_view>
#include <vector>

namespace pmat::native::detail {

enum class TokenKind : std::uint8_t { End, Word, Number, String, Punct, Newline };

struct Token {
   TokenKind kind = TokenKind::End;
   bool line_start = false;  // first token on its physical line
   std::uint32_t line = 0;   // 1-based (no column: no analyzer reads one, comments get theirs)
   std::uint32_t indent = 0; // width of the line's leading white space (tabs to multiples of 8)
   std::string_view text;    // source text; a fixed "\"\"" for strings, regexes and templates
};

class CommentSink {
 public:
   virtual ~CommentSink() = default;
   // `text` is the whole comment including its delimiters; `line`/`column` locate its first byte.
   virtual void on_comment(std::string_view text, std::uint32_t line, std::uint32_t column) = 0;
};

struct LexerConfig {
   bool slash_comments = true;         // `//` and `/* */`
   bool hash_comments = false;         // `#` (Python)
   bool nested_block_comments = false; // Rust
   bool preprocessor = false;          // C/C++ `#` directives; only the first branch of #if is read
   bool cpp_prefixes = false;          // R"d(...)d", u8"", L'x', 1'000
   bool rust_literals = false;         // r#"..."#, b"", lifetimes
   bool python_strings = false;        // prefixes, triple quotes
   bool backtick_raw = false;          // Go raw strings
   bool template_literals = false;     // JS/TS `...${}...`
   bool regex_literals = false;        // JS/TS /re/
   bool java_text_blocks = false;      // Java """..."""
   bool logical_newlines = false;      // Python NEWLINE tokens outside brackets
   bool hash_in_identifiers = false;   // JS/TS #private
};

LexerConfig lexer_config(Language language);

class Lexer {
 public:
   Lexer(std::string_view source, const LexerConfig &config, CommentSink &sink);
   Token next();
   std::uint32_t line() const { return line_; }

 private:
   Token lex_one();
   Token make(TokenKind kind, std::size_t begin, std::size_t end);
   Token make_string(std::size_t begin, std::size_t end);
   Token dispatch(std::uint8_t cls); // cls: the character class of src_[pos_]
   bool skip_space();                // true when a Python logical line ended
   bool skip_blank_or_comment(char c);
   bool newline();
   void space(char c);
   void blanks();
   std::size_t flat_comment_end(std::size_t from) const;
   std::size_t nested_comment_end(std::size_t from) const;
   std::size_t prefixed_end(std::size_t at, std::string_view word) const;
   std::size_t rust_prefixed_end(std::size_t at, std::string_view word) const;
   bool number_continues(std::size_t begin, std::size_t end) const;
   bool exponent_sign(std::size_t begin, std::size_t end) const;
   void track_bracket(char c);
   std::size_t directive_step(std::size_t end, bool &finished);
   Token lex_backtick();
   std::size_t operator_length() const;
   bool spelled_at(std::size_t at, std::string_view op) const;
   bool skip_comment();
   void line_comment(std::size_t begin);
   void block_comment(std::size_t begin);
   void advance_to(std::size_t end);
   bool active() const { return inactive_depth_ == 0; }

   Token lex_word();
   Token lex_prefixed(std::size_t begin, std::size_t at, std::string_view word);
   Token lex_number();
   Token lex_quote();
   Token lex_slash();
   Token lex_hash();
   Token lex_punct();
   Token lex_rust_quote();
   Token lex_close_brace();

   std::size_t quoted_end(std::size_t from, char quote, bool multiline) const;
   std::size_t cpp_raw_end(std::size_t from) const;
   std::size_t rust_raw_end(std::size_t from) const;
   std::size_t python_string_end(std::size_t from) const;
   std::size_t regex_end(std::size_t from) const;
   bool regex_allowed() const;
   Token template_part(std::size_t begin, std::size_t from);

   void directive(std::size_t begin);
   void apply_conditional(std::string_view name, std::string_view rest);
   void continue_conditional(std::string_view name);
   std::size_t directive_end(std::size_t from);

   std::string_view src_;
   LexerConfig config_;
   CommentSink &sink_;
   std::size_t pos_ = 0;
   std::uint32_t line_ = 1;
   std::size_t line_begin_ = 0;
   bool at_line_start_ = true;
   bool line_has_token_ = false;
   std::uint32_t indent_ = 0;
   int bracket_depth_ = 0;
   int brace_depth_ = 0;
   TokenKind prev_kind_ = TokenKind::End;
   std::string_view prev_text_;
   std::vector<int> template_braces_; // brace depth at each open `${`
   // What the next call returns before scanning on: a queued token (the '(' after a template's
   // text before `${`) or the rest of a template's text (after the '}' closing a substitution).
   // Never both: each is consumed by the call after the one that set it.
   enum class Resume : std::uint8_t { Scan, Queued, Template };
   Resume resume_ = Resume::Scan;
   Token queued_;
   std::vector<bool> conditionals_; // per open #if group: is its current branch read
   int inactive_depth_ = 0; // number of enclosing #if groups whose current branch is skipped
};

} // namespace pmat::native::detail
