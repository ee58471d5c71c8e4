// SPDX-License-Identifier: MIT
#include "lexer.hpp"

#include "byte_scan.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <utility>

namespace pmat::native::detail {
namespace {

constexpr std::string_view k_string_text = "\"\"";

enum CharClass : std::uint8_t { kOther, kSpace, kNewline, kIdent, kDigit, kQuote, kSlash, kHash };

constexpr std::array<std::uint8_t, 256> make_classes() {
   std::array<std::uint8_t, 256> table{};
   for (int c = 0; c < 256; ++c) {
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      table[static_cast<std::size_t>(c)] =
          (alpha || c == '_' || c == '$' || c >= 0x80) ? kIdent : kOther;
   }
   for (int c = '0'; c <= '9'; ++c) {
      table[static_cast<std::size_t>(c)] = kDigit;
   }
   table[' '] = table['\t'] = table['\r'] = table['\f'] = table['\v'] = kSpace;
   table['\n'] = kNewline;
   table['"'] = table['\''] = table['`'] = kQuote;
   table['/'] = kSlash;
   table['#'] = kHash;
   return table;
}

constexpr std::array<std::uint8_t, 256> k_classes = make_classes();

// Bytes that always start a token: not white space, and not '/', '#' or '\\', which may open a
// comment or a line splice instead. One lookup settles most of skip_space's calls.
constexpr std::array<bool, 256> k_token_starts = [] {
   std::array<bool, 256> table{};
   for (std::size_t c = 0; c < 256; ++c) {
      const auto cls = k_classes[c];
      table[c] = cls != kSpace && cls != kNewline && cls != kSlash && cls != kHash && c != '\\';
   }
   return table;
}();

// +1 for an opening bracket, -1 for a closing one, 0 for any other byte.
constexpr std::array<std::int8_t, 256> k_bracket_delta = [] {
   std::array<std::int8_t, 256> table{};
   table['('] = table['['] = table['{'] = 1;
   table[')'] = table[']'] = table['}'] = -1;
   return table;
}();

// A quote or '#' right after a word: it may be a string prefix (lex_prefixed).
constexpr std::array<bool, 256> k_after_prefix = [] {
   std::array<bool, 256> table{};
   table['"'] = table['\''] = table['#'] = true;
   return table;
}();

std::uint8_t char_class(char c) {
   return k_classes[static_cast<unsigned char>(c)];
}
bool ident_char(char c) {
   const auto cls = char_class(c);
   return cls == kIdent || cls == kDigit;
}
bool digit(char c) {
   return c >= '0' && c <= '9';
}
bool alnum(char c) {
   return ident_char(c) && c != '$';
}

// Multi-character punctuators, longest first; single characters are the fallback.
constexpr std::array<std::string_view, 47> k_operators{
    ">>>=", "<<=", ">>=", "...", "===", "!==", "**=", "&&=", "||=", "?\?=", ">>>", "<=>",
    "->*",  "..=", "//=", "::",  "->",  "=>",  "&&",  "||",  "??",  "?.",   "==",  "!=",
    "<=",   ">=",  "<<",  ">>",  "++",  "--",  "+=",  "-=",  "*=",  "/=",   "%=",  "&=",
    "|=",   "^=",  "**",  "..",  ":=",  "//",  ".*",  "##",  "@=",  "<-",   "~="};

// kOperators grouped by first byte, longest first within a group (an insertion sort: stable, and
// usable at compile time); `first`/`count` give each first byte's group.
struct OperatorTable {
   std::array<std::string_view, k_operators.size()> sorted = k_operators;
   std::array<std::uint8_t, 128> first{};
   std::array<std::uint8_t, 128> count{};
   // Bit b of seconds[c] (two words of 64): some operator starting with c has b as second byte.
   std::array<std::array<std::uint64_t, 2>, 128> seconds{};
};

constexpr bool operator_before(std::string_view a, std::string_view b) {
   return a.front() != b.front() ? a.front() < b.front() : a.size() > b.size();
}

constexpr OperatorTable make_operator_table() {
   OperatorTable table;
   auto &sorted = table.sorted;
   for (std::size_t i = 1; i < sorted.size(); ++i) {
      for (std::size_t j = i; j > 0 && operator_before(sorted[j], sorted[j - 1]); --j) {
         std::swap(sorted[j], sorted[j - 1]);
      }
   }
   for (std::size_t i = sorted.size(); i-- > 0;) {
      const auto c = static_cast<unsigned char>(sorted[i].front());
      const auto second = static_cast<unsigned char>(sorted[i][1]);
      table.first[c] = static_cast<std::uint8_t>(i);
      ++table.count[c];
      table.seconds[c][second / 64] |= std::uint64_t{1} << (second % 64);
   }
   return table;
}

constexpr OperatorTable k_operator_table = make_operator_table();

// Whether some multi-character operator starts with the bytes `first` (below 128) and `second`.
bool operator_pair(unsigned char first, char second) {
   const auto byte = static_cast<unsigned char>(second);
   return byte < 128 && ((k_operator_table.seconds[first][byte / 64] >> (byte % 64)) & 1U) != 0;
}

constexpr std::array<std::string_view, 14> k_regex_keywords{
    "return", "typeof", "case",       "do",    "else",  "in",    "of",
    "new",    "delete", "instanceof", "throw", "yield", "await", "void"};

bool is_python_prefix(std::string_view word) {
   if (word.size() > 2) {
      return false;
   }
   for (char c : word) {
      if (std::strchr("rRbBuUfFtT", c) == nullptr) {
         return false;
      }
   }
   return true;
}

bool is_cpp_raw_prefix(std::string_view word) {
   return word == "R" || word == "LR" || word == "uR" || word == "UR" || word == "u8R";
}
bool is_cpp_prefix(std::string_view word) {
   return word == "L" || word == "u" || word == "U" || word == "u8";
}

// Length of the UTF-8 character whose first byte is `lead` (1 for stray continuation bytes).
std::size_t utf8_length(unsigned char lead) {
   if (lead >= 0xF0) {
      return 4;
   }
   if (lead >= 0xE0) {
      return 3;
   }
   return lead >= 0xC0 ? 2 : 1;
}

// Offset of the first `needle` at or after `from`, or the text's end.
std::size_t find_or_end(std::string_view text, std::string_view needle, std::size_t from) {
   const auto hit = text.find(needle, from);
   return hit == std::string_view::npos ? text.size() : hit;
}

// Offset just past the first `needle` at or after `from` (a closing delimiter), or the text's end.
std::size_t find_end(std::string_view text, std::string_view needle, std::size_t from) {
   const auto hit = text.find(needle, from);
   return hit == std::string_view::npos ? text.size() : hit + needle.size();
}

// Bytes of a backslash-newline splice at `pos` (2 or 3 with CR), 0 when there is none.
std::size_t continuation_length(std::string_view text, std::size_t pos) {
   if (text.substr(pos, 2) == "\\\n") {
      return 2;
   }
   return text.substr(pos, 3) == "\\\r\n" ? 3 : 0;
}

bool backslash_before(std::string_view text, std::size_t newline) {
   std::size_t i = newline;
   i -= (i > 0 && text[i - 1] == '\r') ? 1 : 0;
   return i > 0 && text[i - 1] == '\\';
}

std::string_view trim(std::string_view text) {
   const auto first = text.find_first_not_of(" \t\r\n\\");
   if (first == std::string_view::npos) {
      return {};
   }
   const auto last = text.find_last_not_of(" \t\r\n\\");
   return text.substr(first, last - first + 1);
}

// The condition after an #if name ending at `from`: up to the line end or a comment, trimmed.
std::string_view condition_text(std::string_view src, std::size_t from) {
   const auto line_end = find_or_end(src, "\n", from);
   const auto slash = src.substr(from, line_end - from).find('/');
   const auto end = slash == std::string_view::npos ? line_end : from + slash;
   return trim(src.substr(from, end - from));
}

} // namespace

LexerConfig lexer_config(Language language) {
   LexerConfig config;
   config.preprocessor = language == Language::C || language == Language::Cpp;
   config.cpp_prefixes = config.preprocessor;
   config.rust_literals = config.nested_block_comments = language == Language::Rust;
   const bool python = language == Language::Python;
   config.python_strings = config.hash_comments = config.logical_newlines = python;
   config.slash_comments = !python;
   config.backtick_raw = language == Language::Go;
   const bool script = language == Language::JavaScript || language == Language::TypeScript;
   config.template_literals = config.regex_literals = config.hash_in_identifiers = script;
   config.java_text_blocks = language == Language::Java;
   return config;
}

Lexer::Lexer(std::string_view source, const LexerConfig &config, CommentSink &sink)
    : src_(source), config_(config), sink_(sink) {
   if (src_.substr(0, 2) == "#!") { // a shebang line reads as a comment in every language
      line_comment(0);
   }
}

void Lexer::advance_to(std::size_t end) {
   const char *data = src_.data();
   const char *cursor = data + pos_;
   const char *stop = data + end;
   while (cursor < stop) {
      const void *hit = std::memchr(cursor, '\n', static_cast<std::size_t>(stop - cursor));
      if (hit == nullptr) {
         break;
      }
      cursor = static_cast<const char *>(hit) + 1;
      ++line_;
      line_begin_ = static_cast<std::size_t>(cursor - data);
   }
   pos_ = end;
}

Token Lexer::make(TokenKind kind, std::size_t begin, std::size_t end) {
   Token token;
   token.kind = kind;
   token.line_start = at_line_start_;
   token.line = line_;
   token.indent = indent_;
   token.text = src_.substr(begin, end - begin);
   at_line_start_ = false;
   line_has_token_ = true;
   if (kind == TokenKind::String) {
      advance_to(end); // literals may span lines
   } else {
      pos_ = end; // words, numbers and punctuators never hold a newline
   }
   return token;
}

Token Lexer::make_string(std::size_t begin, std::size_t end) {
   Token token = make(TokenKind::String, begin, end);
   token.text = k_string_text;
   return token;
}

// Flattened: the per-token chain (lex_one, skip_space, dispatch, lex_*, make) is inlined into this
// one function, so a token is built in place instead of being copied out of five calls; callgrind
// on gnulib: 450.3 M -> 391.0 M instructions for the whole dump. The rare paths (comments,
// directives, quotes, prefixed strings, templates, regexes, `#name`) are [[gnu::noinline]], which
// flatten respects: inlined, they made the function big enough to spill the hot path's state
// (319.3 M -> 305.5 M without them).
[[gnu::flatten]] Token Lexer::next() {
   // One named result, built in the caller's slot: returning a copy of a loop-local token made
   // the compiler assemble it on the stack with small stores and reload it with 16-byte loads,
   // which stall (a store cannot be forwarded to a wider load).
   Token token = lex_one();
   while (token.kind != TokenKind::End && !active()) {
      token = lex_one();
   }
   // Only regex_allowed reads them, and only in JS/TS, which have no Newline tokens (Python
   // does): stored on every token, which is cheaper than testing whether to.
   prev_kind_ = token.kind;
   prev_text_ = token.text;
   return token;
}

Token Lexer::lex_one() {
   if (resume_ != Resume::Scan) { // one test for both template cases on every token
      const Resume resume = std::exchange(resume_, Resume::Scan);
      return resume == Resume::Queued ? queued_ : template_part(pos_, pos_);
   }
   for (;;) {
      if (skip_space()) {
         Token newline; // ends the logical line before pos_; the next line's state stays intact
         newline.kind = TokenKind::Newline;
         newline.line = line_;
         line_has_token_ = false;
         return newline;
      }
      if (pos_ >= src_.size()) {
         return Token{};
      }
      const auto cls = char_class(src_[pos_]);
      if (!(cls == kHash && at_line_start_ && config_.preprocessor)) {
         return dispatch(cls);
      }
      directive(pos_);
   }
}

// Words and punctuators (most tokens) first: two compares instead of a jump table.
Token Lexer::dispatch(std::uint8_t cls) {
   if (cls == kIdent) {
      return lex_word();
   }
   if (cls == kOther) {
      return lex_punct();
   }
   switch (cls) {
   case kDigit: return lex_number();
   case kQuote: return lex_quote();
   case kSlash: return lex_slash();
   case kHash: return lex_hash();
   default: return lex_punct();
   }
}

// Consumes one newline; true when it ends a Python logical line.
bool Lexer::newline() {
   const bool logical_end = config_.logical_newlines && bracket_depth_ == 0 && line_has_token_;
   ++pos_;
   ++line_;
   line_begin_ = pos_;
   at_line_start_ = true;
   indent_ = 0;
   return logical_end;
}

void Lexer::space(char c) {
   if (at_line_start_) {
      indent_ = c == '\t' ? (indent_ / 8 + 1) * 8 : indent_ + 1;
   }
   ++pos_;
}

// A run of ' ' (the common white space: indentation, and between tokens) in one step.
void Lexer::blanks() {
   const char *data = src_.data();
   const bool single = pos_ + 1 >= src_.size() || data[pos_ + 1] != ' '; // `a = b`: no scan
   const auto end =
       single
           ? pos_ + 1
           : static_cast<std::size_t>(scan::skip_byte(data + pos_, data + src_.size(), ' ') - data);
   if (at_line_start_) {
      indent_ += static_cast<std::uint32_t>(end - pos_);
   }
   pos_ = end;
}

// Skips the white space or comment at pos_ (a newline excepted); false when a token starts there.
bool Lexer::skip_blank_or_comment(char c) {
   if (c == ' ') {
      blanks();
      return true;
   }
   if (char_class(c) == kSpace) {
      space(c);
      return true;
   }
   if (c == '\\' && continuation_length(src_, pos_) > 0) {
      advance_to(pos_ + continuation_length(src_, pos_)); // a spliced line is white space
      return true;
   }
   return (c == '/' || c == '#') && skip_comment(); // only these can open a comment
}

bool Lexer::skip_space() {
   while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (k_token_starts[static_cast<unsigned char>(c)]) {
         return false;
      }
      if (c == '\n') {
         if (newline()) {
            return true;
         }
      } else if (!skip_blank_or_comment(c)) {
         return false;
      }
   }
   const bool final_newline = config_.logical_newlines && line_has_token_;
   line_has_token_ = false;
   return final_newline;
}

bool Lexer::skip_comment() {
   const char c = src_[pos_];
   if (config_.hash_comments && c == '#') {
      line_comment(pos_);
      return true;
   }
   if (!config_.slash_comments || c != '/' || pos_ + 1 >= src_.size()) {
      return false;
   }
   const char n = src_[pos_ + 1];
   if (n == '/') {
      line_comment(pos_);
   } else if (n == '*') {
      block_comment(pos_);
   }
   return n == '/' || n == '*';
}

[[gnu::noinline]] void Lexer::line_comment(std::size_t begin) {
   std::size_t end = src_.find('\n', begin);
   // In C and C++ a backslash before the newline continues a line comment.
   while (config_.preprocessor && end != std::string_view::npos && backslash_before(src_, end)) {
      end = src_.find('\n', end + 1);
   }
   end = end == std::string_view::npos ? src_.size() : end;
   const auto column = static_cast<std::uint32_t>(begin - line_begin_ + 1);
   sink_.on_comment(src_.substr(begin, end - begin), line_, column);
   advance_to(end);
}

// End of a `/* */` comment whose body starts at `from` (just after the opener).
std::size_t Lexer::flat_comment_end(std::size_t from) const {
   const char *data = src_.data();
   const char *end = data + src_.size();
   const char *close = scan::find_pair(data + std::min(from, src_.size()), end, '*', '/');
   return close == end ? src_.size() : static_cast<std::size_t>(close - data) + 2;
}

// Rust block comments nest: `/* a /* b */ c */` is one comment.
std::size_t Lexer::nested_comment_end(std::size_t from) const {
   int depth = 1;
   std::size_t end = from;
   while (end + 1 < src_.size() && depth > 0) {
      const auto pair = src_.substr(end, 2);
      const int change = pair == "*/" ? -1 : (pair == "/*" ? 1 : 0);
      depth += change;
      end += change != 0 ? 2 : 1;
   }
   return depth > 0 ? src_.size() : end;
}

[[gnu::noinline]] void Lexer::block_comment(std::size_t begin) {
   const std::size_t end =
       config_.nested_block_comments ? nested_comment_end(begin + 2) : flat_comment_end(begin + 2);
   const auto column = static_cast<std::uint32_t>(begin - line_begin_ + 1);
   sink_.on_comment(src_.substr(begin, end - begin), line_, column);
   advance_to(end);
}

Token Lexer::lex_word() {
   const std::size_t begin = pos_;
   const char *data = src_.data();
   const auto end =
       static_cast<std::size_t>(scan::identifier_end(data + begin + 1, data + src_.size()) - data);
   const auto word = src_.substr(begin, end - begin);
   if (end < src_.size() && k_after_prefix[static_cast<unsigned char>(src_[end])]) {
      Token prefixed = lex_prefixed(begin, end, word);
      if (prefixed.kind != TokenKind::End) {
         return prefixed;
      }
   }
   return make(TokenKind::Word, begin, end);
}

// A word directly followed by a quote may be a string prefix (R"(...)", b"", r#""#, f'').
// End of the literal that the prefix `word` starts at `at`, or npos when it is no prefix.
std::size_t Lexer::prefixed_end(std::size_t at, std::string_view word) const {
   const char quote = src_[at];
   if (config_.cpp_prefixes && quote != '#') {
      if (quote == '"' && is_cpp_raw_prefix(word)) {
         return cpp_raw_end(at + 1);
      }
      return is_cpp_prefix(word) ? quoted_end(at + 1, quote, false) : std::string_view::npos;
   }
   if (config_.rust_literals) {
      return rust_prefixed_end(at, word);
   }
   const bool python = config_.python_strings && quote != '#' && is_python_prefix(word);
   return python ? python_string_end(at) : std::string_view::npos;
}

// r"", r#""#, br"", cr"" (raw) and b"", b'', c"" (escaped).
std::size_t Lexer::rust_prefixed_end(std::size_t at, std::string_view word) const {
   const char quote = src_[at];
   if (word == "r" || word == "br" || word == "cr") {
      return rust_raw_end(at);
   }
   if ((word == "b" || word == "c") && quote != '#') {
      return quoted_end(at + 1, quote, quote == '"');
   }
   return std::string_view::npos;
}

[[gnu::noinline]] Token Lexer::lex_prefixed(std::size_t begin, std::size_t at,
                                            std::string_view word) {
   const std::size_t end = prefixed_end(at, word);
   return end == std::string_view::npos ? Token{} : make_string(begin, end);
}

// Whether the character at `end` continues the number that starts at `begin`.
// Whether the character at `end` continues the number that starts at `begin`.
bool Lexer::number_continues(std::size_t begin, std::size_t end) const {
   const char c = src_[end];
   if (alnum(c)) {
      return true;
   }
   if (c == '.') {
      return end + 1 >= src_.size() || src_[end + 1] != '.'; // 1..2 is a range
   }
   if (c == '\'') {
      return config_.cpp_prefixes && end + 1 < src_.size() && alnum(src_[end + 1]); // 1'000
   }
   return (c == '+' || c == '-') && exponent_sign(begin, end);
}

// A sign right after an exponent letter: 1e+5, 0x1p-3 (but 0x1e+5 is an addition).
bool Lexer::exponent_sign(std::size_t begin, std::size_t end) const {
   const bool hex = src_.substr(begin, 2) == "0x" || src_.substr(begin, 2) == "0X";
   const char *exponents = hex ? "pP" : "eEpP";
   return std::strchr(exponents, src_[end - 1]) != nullptr;
}

Token Lexer::lex_number() {
   const std::size_t begin = pos_;
   std::size_t end = begin + 1;
   while (end < src_.size() && number_continues(begin, end)) {
      ++end;
   }
   return make(TokenKind::Number, begin, end);
}

std::size_t Lexer::quoted_end(std::size_t from, char quote, bool multiline) const {
   const char *data = src_.data();
   std::size_t end = from;
   while (end < src_.size()) {
      end = static_cast<std::size_t>(
          scan::find_any_of(data + end, data + src_.size(), quote, '\\', '\n') - data);
      if (end == src_.size()) {
         break;
      }
      const char c = src_[end];
      if (c == quote) {
         return end + 1;
      }
      if (c == '\n' && !multiline) {
         return end; // unterminated: stop at the line end rather than swallow the file
      }
      end += c == '\\' ? 2 : 1;
   }
   return src_.size();
}

[[gnu::noinline]] Token Lexer::lex_quote() {
   const std::size_t begin = pos_;
   const char quote = src_[pos_];
   if (config_.rust_literals && quote == '\'') {
      return lex_rust_quote();
   }
   if (config_.python_strings) {
      return make_string(begin, python_string_end(begin));
   }
   if (quote == '`') {
      return lex_backtick();
   }
   if (config_.java_text_blocks && src_.substr(begin, 3) == "\"\"\"") {
      return make_string(begin, find_end(src_, "\"\"\"", begin + 3));
   }
   return make_string(begin, quoted_end(begin + 1, quote, config_.rust_literals));
}

Token Lexer::lex_backtick() {
   if (config_.template_literals) {
      return template_part(pos_, pos_ + 1);
   }
   if (config_.backtick_raw) {
      return make_string(pos_, find_end(src_, "`", pos_ + 1));
   }
   return lex_punct();
}

// Rust: 'a' and '\n' are characters, 'a (no closing quote) is a lifetime or a loop label.
Token Lexer::lex_rust_quote() {
   const std::size_t begin = pos_;
   if (begin + 1 < src_.size() && src_[begin + 1] == '\\') {
      return make_string(begin, quoted_end(begin + 1, '\'', false));
   }
   const std::size_t char_end =
       begin + 1 +
       (begin + 1 < src_.size() ? utf8_length(static_cast<unsigned char>(src_[begin + 1])) : 0);
   if (char_end < src_.size() && src_[char_end] == '\'') {
      return make_string(begin, char_end + 1);
   }
   std::size_t end = begin + 1;
   while (end < src_.size() && ident_char(src_[end])) {
      ++end;
   }
   return make(TokenKind::Word, begin, std::max(end, begin + 1));
}

std::size_t Lexer::cpp_raw_end(std::size_t from) const {
   const auto open = src_.find('(', from);
   const auto newline = src_.find('\n', from);
   if (open == std::string_view::npos || open - from > 16 || newline < open) {
      return quoted_end(from, '"', false); // not a well-formed raw string: read it as a plain one
   }
   std::string closing = ")";
   closing.append(src_.substr(from, open - from));
   closing.push_back('"');
   const auto close = src_.find(closing, open + 1);
   return close == std::string_view::npos ? src_.size() : close + closing.size();
}

// `from` is at the first '#' or '"' after r / br / cr.
std::size_t Lexer::rust_raw_end(std::size_t from) const {
   std::size_t hashes = 0;
   while (from + hashes < src_.size() && src_[from + hashes] == '#') {
      ++hashes;
   }
   if (from + hashes >= src_.size() || src_[from + hashes] != '"') {
      return std::string_view::npos; // r#ident (raw identifier), not a string
   }
   std::string closing = "\"";
   closing.append(hashes, '#');
   const auto close = src_.find(closing, from + hashes + 1);
   return close == std::string_view::npos ? src_.size() : close + closing.size();
}

// `from` is at the opening quote of a Python string (after any prefix).
std::size_t Lexer::python_string_end(std::size_t from) const {
   const char quote = src_[from];
   const std::string_view triple = quote == '"' ? "\"\"\"" : "'''";
   if (src_.substr(from, 3) != triple) {
      return quoted_end(from + 1, quote, false);
   }
   std::size_t end = from + 3;
   while (end < src_.size()) {
      if (src_[end] == '\\') {
         end += 2;
      } else if (src_.substr(end, 3) == triple) {
         return end + 3;
      } else {
         ++end;
      }
   }
   return src_.size();
}

// Scans template text from `begin` (just after '`' or the '}' closing a substitution) up to the
// closing '`' or the next "${", which it reports as a string followed by a queued '('.
[[gnu::noinline]] Token Lexer::template_part(std::size_t begin, std::size_t from) {
   std::size_t end = from;
   while (end < src_.size() && src_[end] != '`') {
      if (src_[end] == '$' && end + 1 < src_.size() && src_[end + 1] == '{') {
         Token text = make_string(begin, end);
         queued_ = make(TokenKind::Punct, end, end + 2);
         queued_.text = "(";
         resume_ = Resume::Queued;
         template_braces_.push_back(++brace_depth_);
         return text;
      }
      end += src_[end] == '\\' ? 2 : 1;
   }
   return make_string(begin, std::min(end + 1, src_.size()));
}

bool Lexer::regex_allowed() const {
   if (prev_kind_ == TokenKind::End) {
      return true;
   }
   if (prev_kind_ == TokenKind::Punct) {
      return prev_text_ != ")" && prev_text_ != "]";
   }
   if (prev_kind_ != TokenKind::Word) {
      return false;
   }
   return std::find(k_regex_keywords.begin(), k_regex_keywords.end(), prev_text_) !=
          k_regex_keywords.end();
}

std::size_t Lexer::regex_end(std::size_t from) const {
   bool in_class = false;
   std::size_t end = from;
   while (end < src_.size()) {
      const char c = src_[end];
      if (c == '\n') {
         return std::string_view::npos;
      }
      if (c == '/' && !in_class) {
         ++end;
         while (end < src_.size() && ident_char(src_[end])) {
            ++end; // flags
         }
         return end;
      }
      in_class = (c == '[') || (in_class && c != ']');
      end += c == '\\' ? 2 : 1;
   }
   return std::string_view::npos;
}

[[gnu::noinline]] Token Lexer::lex_slash() {
   if (config_.regex_literals && regex_allowed()) {
      const auto end = regex_end(pos_ + 1);
      if (end != std::string_view::npos) {
         return make_string(pos_, end);
      }
   }
   return lex_punct();
}

[[gnu::noinline]] Token Lexer::lex_hash() {
   if (config_.hash_in_identifiers && pos_ + 1 < src_.size() && ident_char(src_[pos_ + 1])) {
      const std::size_t begin = pos_++;
      while (pos_ < src_.size() && ident_char(src_[pos_])) {
         ++pos_;
      }
      const std::size_t end = pos_;
      pos_ = begin;
      return make(TokenKind::Word, begin, end);
   }
   return lex_punct();
}

[[gnu::noinline]] Token Lexer::lex_close_brace() {
   if (!template_braces_.empty() && template_braces_.back() == brace_depth_) {
      template_braces_.pop_back();
      --brace_depth_;
      Token close = make(TokenKind::Punct, pos_, pos_ + 1);
      close.text = ")";
      resume_ = Resume::Template;
      return close;
   }
   --brace_depth_;
   return make(TokenKind::Punct, pos_, pos_ + 1);
}

// Whether `op` is spelled at `at` (byte by byte: operators are at most four bytes, shorter than
// a call to memcmp).
bool Lexer::spelled_at(std::size_t at, std::string_view op) const {
   if (op.size() > src_.size() - at) {
      return false;
   }
   for (std::size_t i = 0; i < op.size(); ++i) {
      if (src_[at + i] != op[i]) {
         return false;
      }
   }
   return true;
}

// Length of the longest operator at pos_ (1 when only the single character matches). Most
// punctuators fail the first-two-bytes test and never reach the table.
std::size_t Lexer::operator_length() const {
   const auto byte = static_cast<unsigned char>(src_[pos_]);
   const auto &table = k_operator_table;
   if (byte >= 128 || table.count[byte] == 0) {
      return 1; // ( ) ; , { } [ ] and the like
   }
   if (pos_ + 1 >= src_.size() || !operator_pair(byte, src_[pos_ + 1])) {
      return 1;
   }
   const std::size_t first = table.first[byte];
   for (std::size_t i = first; i < first + table.count[byte]; ++i) {
      const auto op = table.sorted[i];
      if (!spelled_at(pos_, op)) {
         continue;
      }
      const bool optional_chain_digit =
          op == "?." && pos_ + 2 < src_.size() && digit(src_[pos_ + 2]);
      if (!optional_chain_digit) {
         return op.size(); // `a?.5:1` is a conditional, not optional chaining
      }
   }
   return 1;
}

Token Lexer::lex_punct() {
   const std::size_t length = operator_length();
   if (length > 1) {
      return make(TokenKind::Punct, pos_, pos_ + length);
   }
   const char c = src_[pos_];
   if (c == '}' && config_.template_literals) {
      return lex_close_brace();
   }
   track_bracket(c);
   return make(TokenKind::Punct, pos_, pos_ + 1);
}

void Lexer::track_bracket(char c) {
   const auto byte = static_cast<unsigned char>(c);
   bracket_depth_ = std::max(0, bracket_depth_ + k_bracket_delta[byte]);
   brace_depth_ += c == '{' ? 1 : 0;
}

// ---- C preprocessor -------------------------------------------------------------------------

// End of a directive starting at `from`: the first newline not escaped by a backslash and not
// inside a comment. Comments met on the way go to the sink; string contents are skipped.
// Past what starts at `end` inside a directive: a comment (reported), a literal or one byte.
// Sets `finished` when a line comment ends the directive.
std::size_t Lexer::directive_step(std::size_t end, bool &finished) {
   const char c = src_[end];
   const auto pair = src_.substr(end, 2);
   if (pair == "//" || pair == "/*") {
      advance_to(end);
      finished = pair == "//";
      if (finished) {
         line_comment(end);
      } else {
         block_comment(end);
      }
      return pos_;
   }
   if (c == '"' || c == '\'') {
      return quoted_end(end + 1, c, false);
   }
   return end + (c == '\\' ? 2 : 1);
}

// Only a newline, a slash, a quote or a backslash can end the directive or start what
// directive_step handles; the bytes between go 16 at a time.
std::size_t Lexer::directive_end(std::size_t from) {
   const char *data = src_.data();
   std::size_t end = from;
   bool finished = false;
   while (!finished && end < src_.size()) {
      end = static_cast<std::size_t>(
          scan::find_first_of<'\n', '/', '"', '\'', '\\'>(data + end, data + src_.size()) - data);
      if (end >= src_.size() || src_[end] == '\n') {
         break;
      }
      end = directive_step(end, finished);
   }
   return std::min(end, src_.size());
}

[[gnu::noinline]] void Lexer::directive(std::size_t begin) {
   std::size_t name_begin = begin + 1;
   while (name_begin < src_.size() && (src_[name_begin] == ' ' || src_[name_begin] == '\t')) {
      ++name_begin;
   }
   std::size_t name_end = name_begin;
   while (name_end < src_.size() && ident_char(src_[name_end])) {
      ++name_end;
   }
   const auto name = src_.substr(name_begin, name_end - name_begin);
   // Only an #if reads its condition, to tell `#if 0` (apply_conditional).
   const auto rest = name == "if" ? condition_text(src_, name_end) : std::string_view{};
   pos_ = name_end; // '#', blanks and a name: no newline to count
   const std::size_t end = directive_end(name_end);
   apply_conditional(name, rest);
   advance_to(std::max(end, pos_));
}

// pmccabe's reading of conditionals: only the first branch of each #if group is read, and a
// group opened by `#if 0` is skipped whole (its #elif / #else branches too).
void Lexer::apply_conditional(std::string_view name, std::string_view rest) {
   if (name == "if" || name == "ifdef" || name == "ifndef") {
      const bool taking = !(name == "if" && rest == "0");
      conditionals_.push_back(taking);
      inactive_depth_ += taking ? 0 : 1;
   } else if (!conditionals_.empty()) {
      continue_conditional(name);
   }
}

void Lexer::continue_conditional(std::string_view name) {
   if (name == "endif") {
      inactive_depth_ -= conditionals_.back() ? 0 : 1;
      conditionals_.pop_back();
   } else if ((name.substr(0, 4) == "elif" || name == "else") && conditionals_.back()) {
      conditionals_.back() = false; // the first branch was read: every later one is skipped
      ++inactive_depth_;
   }
}

} // namespace pmat::native::detail
