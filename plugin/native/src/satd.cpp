// SPDX-License-Identifier: MIT
#include "satd.hpp"

#include "byte_scan.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace pmat::native::detail {
namespace {

using C = SatdCategory;
using S = SatdSeverity;

struct Marker {
   std::string_view word; // upper case, compared case-insensitively
   SatdCategory category;
   SatdSeverity severity;
   bool strict; // one of the canonical markers upstream's strict rule accepts
};

// Upstream's marker table; the first marker the line opens with wins, in this order.
constexpr std::array<Marker, 14> k_markers{{
    {"SECURITY", C::Security, S::Critical, false},
    {"FIXME", C::Defect, S::High, true},
    {"BUG", C::Defect, S::High, true},
    {"BROKEN", C::Defect, S::High, false},
    {"HACK", C::Design, S::Medium, true},
    {"KLUDGE", C::Design, S::Medium, false},
    {"XXX", C::Design, S::Medium, true},
    {"TECHNICAL DEBT", C::Design, S::Medium, false},
    {"TECHDEBT", C::Design, S::Medium, false},
    {"WIP", C::Requirement, S::Medium, false},
    {"TODO", C::Requirement, S::Low, true},
    {"REFACTOR", C::Design, S::Low, false},
    {"OPTIMIZE", C::Performance, S::Low, false},
    {"WORKAROUND", C::Design, S::Low, false},
}};

// What may follow a marker. Not white space ("TODO the same analysis" is prose) and not '-'
// ("BUG-012:" is a tracker id).
constexpr std::string_view k_separators = ":([!";
// Comment leader residue before the marker: `//`, `///`, `//!`, `/*`, `/**`, ` * `.
constexpr std::string_view k_leader_residue = " \t/!*";
// Trimmed around the work item; what is left must be non-empty.
constexpr std::string_view k_work_item_trim = " \t\r\n\v\f:([!)]";

// An admission phrase, matched anywhere with word boundaries: `first\s+second`.
struct Phrase {
   std::string_view first; // lower case
   std::array<std::string_view, 4> seconds;
   SatdCategory category;
   SatdSeverity severity;
};

constexpr std::array<Phrase, 3> k_phrases{{
    {"code", {"smell"}, C::Design, S::Medium},
    {"temporary", {"workaround", "hack", "fix", "solution"}, C::Design, S::Low},
    {"performance", {"issue", "problem"}, C::Performance, S::Medium},
}};

char lower_ascii(char c) {
   return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Letters, digits and '_'; bytes of multi-byte UTF-8 sequences count as letters, as a Unicode
// `\b` treats non-ASCII letters. A table: every comment byte goes through it (the profile's
// largest single cost before it was one).
constexpr std::array<bool, 256> k_word_chars = [] {
   std::array<bool, 256> table{};
   for (int c = 0; c < 256; ++c) {
      table[static_cast<std::size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                           (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
   }
   return table;
}();

bool word_char(char c) {
   return k_word_chars[static_cast<unsigned char>(c)];
}

// For each upper-case initial, bit i set when kMarkers[i] starts with it: a line is compared only
// with the markers its first letter allows, in the table's order, and most lines with none.
constexpr std::array<std::uint16_t, 26> k_markers_by_initial = [] {
   std::array<std::uint16_t, 26> table{};
   for (std::size_t i = 0; i < k_markers.size(); ++i) {
      table[static_cast<std::size_t>(k_markers[i].word[0] - 'A')] |=
          static_cast<std::uint16_t>(1U << i);
   }
   return table;
}();

// The markers a body starting with `initial` may open with (either case; no letter, none).
unsigned markers_starting_with(char initial) {
   const unsigned upper = static_cast<unsigned char>(initial) & ~0x20U; // exact for ASCII letters
   return upper >= 'A' && upper <= 'Z' ? k_markers_by_initial[upper - 'A'] : 0;
}

bool space_char(char c) {
   return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

// Case-insensitive: `text` equals `word` (lower or upper case ASCII in `word`).
bool equals_ignoring_case(std::string_view text, std::string_view word) {
   if (text.size() != word.size()) {
      return false;
   }
   for (std::size_t i = 0; i < word.size(); ++i) {
      if (lower_ascii(text[i]) != lower_ascii(word[i])) {
         return false;
      }
   }
   return true;
}

// One of kSeparators, without a call to memchr for four bytes.
bool separator(char c) {
   return c == ':' || c == '(' || c == '[' || c == '!';
}
static_assert(k_separators == ":([!");

bool has_work_item(std::string_view rest) {
   return rest.find_first_not_of(k_work_item_trim) != std::string_view::npos;
}

// Default rule: marker (any case), one of the separators, a non-empty work item.
bool opens_with(std::string_view body, const Marker &marker) {
   const auto size = marker.word.size();
   // The separator first: prose almost never has one right after a marker-long word.
   return body.size() > size && separator(body[size]) &&
          equals_ignoring_case(body.substr(0, size), marker.word) &&
          has_work_item(body.substr(size));
}

// Upstream's strict rule: canonical upper-case marker, ':', white space, a non-empty work item.
bool opens_with_strictly(std::string_view body, const Marker &marker) {
   const auto size = marker.word.size();
   if (!marker.strict || body.size() < size + 2 || body.substr(0, size) != marker.word ||
       body[size] != ':' || !space_char(body[size + 1])) {
      return false;
   }
   const auto rest = body.substr(size + 1);
   return rest.find_first_not_of(" \t\r\v\f") != std::string_view::npos;
}

constexpr std::array<bool, 256> k_leader_residue_bytes = [] {
   std::array<bool, 256> table{};
   for (const char c : k_leader_residue) {
      table[static_cast<unsigned char>(c)] = true;
   }
   return table;
}();

// What find_first_not_of(kLeaderResidue) answers, with a table instead of a search per byte.
std::size_t leader_end(std::string_view line) {
   std::size_t at = 0;
   while (at < line.size() && k_leader_residue_bytes[static_cast<unsigned char>(line[at])]) {
      ++at;
   }
   return at;
}

std::optional<SatdMatch> opening_marker(std::string_view line, SatdRule rule) {
   const auto start = leader_end(line);
   if (start == line.size()) {
      return std::nullopt;
   }
   const auto body = line.substr(start);
   for (unsigned bits = markers_starting_with(body[0]); bits != 0; bits &= bits - 1) {
      const Marker &marker = k_markers[static_cast<std::size_t>(std::countr_zero(bits))];
      const bool match =
          rule == SatdRule::Strict ? opens_with_strictly(body, marker) : opens_with(body, marker);
      if (match) {
         return SatdMatch{body.substr(0, marker.word.size()), start, marker.category,
                          marker.severity};
      }
   }
   return std::nullopt;
}

struct Word {
   std::size_t begin = 0;
   std::size_t end = 0;
};

// The next word of `line` at or after `pos` (empty at the end of the line).
Word next_word(std::string_view line, std::size_t pos) {
   while (pos < line.size() && !word_char(line[pos])) {
      ++pos;
   }
   Word word{pos, pos};
   while (word.end < line.size() && word_char(line[word.end])) {
      ++word.end;
   }
   return word;
}

// True when only white space (at least one character) separates the two words.
bool white_space_between(std::string_view line, const Word &first, const Word &second) {
   for (std::size_t i = first.end; i < second.begin; ++i) {
      if (!space_char(line[i])) {
         return false;
      }
   }
   return second.begin > first.end && second.end > second.begin;
}

bool phrase_at(std::string_view line, const Phrase &phrase, const Word &first, const Word &second) {
   if (!equals_ignoring_case(line.substr(first.begin, first.end - first.begin), phrase.first) ||
       !white_space_between(line, first, second)) {
      return false;
   }
   const auto text = line.substr(second.begin, second.end - second.begin);
   for (const std::string_view candidate : phrase.seconds) {
      if (!candidate.empty() && equals_ignoring_case(text, candidate)) {
         return true;
      }
   }
   return false;
}

bool opens_a_phrase(std::string_view word) {
   return std::any_of(k_phrases.begin(), k_phrases.end(), [word](const Phrase &phrase) {
      return word.size() == phrase.first.size() && equals_ignoring_case(word, phrase.first);
   });
}

// Checks every phrase against the word `first` and the word after it, recording the first match
// of each; true when kPhrases[0] matched (it wins outright).
bool phrases_at(std::string_view line, const Word &first,
                std::array<std::optional<SatdMatch>, k_phrases.size()> &found) {
   const Word second = next_word(line, first.end);
   for (std::size_t i = 0; i < k_phrases.size(); ++i) {
      if (found[i] || !phrase_at(line, k_phrases[i], first, second)) {
         continue;
      }
      found[i] = SatdMatch{line.substr(first.begin, second.end - first.begin), first.begin,
                           k_phrases[i].category, k_phrases[i].severity};
      if (i == 0) {
         return true;
      }
   }
   return false;
}

// The first phrase of kPhrases found anywhere in the line wins (its leftmost occurrence), the
// order upstream's list of patterns gives. Only words that can open a phrase are visited: those
// starting with "cod", "tem" or "per" (either case), found 16 positions at a time, left to right.
std::optional<SatdMatch> admission_phrase(std::string_view line) {
   std::array<std::optional<SatdMatch>, k_phrases.size()> found;
   const char *data = line.data();
   const char *end = data + line.size();
   for (const char *p = scan::find_phrase_start(data, end); p < end;
        p = scan::find_phrase_start(p + 1, end)) {
      const auto at = static_cast<std::size_t>(p - data);
      if (at > 0 && word_char(line[at - 1])) {
         continue; // inside a word, not at its start
      }
      const Word first = next_word(line, at);
      if (opens_a_phrase(line.substr(at, first.end - at)) && phrases_at(line, first, found)) {
         return found[0];
      }
      p = data + first.end - 1; // no word starts inside this one
   }
   for (const auto &match : found) {
      if (match) {
         return match;
      }
   }
   return std::nullopt;
}

// Strips comment delimiters and white space from one line of a comment.
std::string_view comment_body(std::string_view line) {
   const auto first = line.find_first_not_of(" \t/*#!<-");
   if (first == std::string_view::npos) {
      return {};
   }
   auto body = line.substr(first);
   const auto last = body.find_last_not_of(" \t\r*/->");
   return last == std::string_view::npos ? std::string_view{} : body.substr(0, last + 1);
}

// `phrase_possible` false: the caller knows the line holds no phrase start (scan::phrase_start).
std::optional<SatdMatch> classify(std::string_view line, SatdRule rule, bool phrase_possible) {
   if (auto marker = opening_marker(line, rule)) {
      return marker;
   }
   if (rule == SatdRule::Strict || !phrase_possible) {
      return std::nullopt;
   }
   return admission_phrase(line);
}

} // namespace

std::optional<SatdMatch> classify_satd_line(std::string_view line, SatdRule rule) {
   return classify(line, rule, true);
}

// Lines are classified one by one; the phrase starts are searched once over the whole comment
// (long runs for the 16-byte scan instead of a short tail per line), and only a line holding one
// is searched for a phrase.
void SatdCollector::on_comment(std::string_view text, std::uint32_t line, std::uint32_t column) {
   // The opener of a Python comment and the closer of a block comment are not part of the text
   // the rule classifies; `//` and `/*` leaders are residue the rule itself strips.
   const auto opener = text.starts_with('#') ? text.find_first_not_of('#') : 0;
   const auto skipped = opener == std::string_view::npos ? text.size() : opener;
   text.remove_prefix(skipped);
   column += static_cast<std::uint32_t>(skipped);
   if (text.starts_with("/*") && text.ends_with("*/") && text.size() >= 4) {
      text.remove_suffix(2);
   }
   const char *end = text.data() + text.size();
   const char *phrase = scan::find_phrase_start(text.data(), end);
   std::size_t begin = 0;
   while (begin <= text.size()) {
      const auto newline = text.find('\n', begin);
      const auto stop = newline == std::string_view::npos ? text.size() : newline;
      const bool phrase_here = phrase < text.data() + stop;
      on_line(text.substr(begin, stop - begin), line, column, phrase_here);
      if (phrase_here) {
         phrase = scan::find_phrase_start(text.data() + stop, end);
      }
      if (newline == std::string_view::npos) {
         break;
      }
      begin = newline + 1;
      ++line;
      column = 1;
   }
}

void SatdCollector::on_line(std::string_view text, std::uint32_t line, std::uint32_t column,
                            bool phrase_possible) {
   const auto match = classify(text, rule_, phrase_possible);
   if (!match) {
      return;
   }
   ++analysis_.satd_total;
   if (analysis_.satd.size() >= k_max_satd_per_file) {
      analysis_.truncated = true;
      return;
   }
   SatdItem item;
   item.marker = std::string(match->marker);
   item.line = line;
   item.column = column + static_cast<std::uint32_t>(match->offset);
   item.category = match->category;
   item.severity = match->severity;
   item.text = std::string(comment_body(text));
   analysis_.satd.push_back(std::move(item));
}

} // namespace pmat::native::detail
