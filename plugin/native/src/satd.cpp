#include "satd.hpp"

#include <pmat/native/analysis.hpp>

#include <array>

namespace pmat::native::detail {
namespace {

enum class Needs : std::uint8_t { Nothing, PreviousTechnical, PreviousPerformance, EarlierTest };

struct Pattern {
   std::string_view word; // lower case
   Needs needs;
   SatdCategory category;
   SatdSeverity severity;
};

using C = SatdCategory;
using S = SatdSeverity;

// pmat's satd_detector patterns, one entry per word; phrases name the word that must precede.
constexpr std::array<Pattern, 24> kPatterns{{
    {"todo", Needs::Nothing, C::Requirement, S::Low},
    {"fixme", Needs::Nothing, C::Defect, S::High},
    {"bug", Needs::Nothing, C::Defect, S::High},
    {"bugs", Needs::Nothing, C::Defect, S::High},
    {"broken", Needs::Nothing, C::Defect, S::High},
    {"hack", Needs::Nothing, C::Design, S::Medium},
    {"hacky", Needs::Nothing, C::Design, S::Medium},
    {"kludge", Needs::Nothing, C::Design, S::Medium},
    {"xxx", Needs::Nothing, C::Design, S::Medium},
    {"smell", Needs::Nothing, C::Design, S::Medium},
    {"workaround", Needs::Nothing, C::Design, S::Medium},
    {"temp", Needs::Nothing, C::Design, S::Medium},
    {"temporary", Needs::Nothing, C::Design, S::Medium},
    {"debt", Needs::PreviousTechnical, C::Design, S::Medium},
    {"disabled", Needs::EarlierTest, C::Test, S::Medium},
    {"skipped", Needs::EarlierTest, C::Test, S::Medium},
    {"failing", Needs::EarlierTest, C::Test, S::Medium},
    {"issue", Needs::PreviousPerformance, C::Performance, S::Medium},
    {"problem", Needs::PreviousPerformance, C::Performance, S::Medium},
    {"optimize", Needs::Nothing, C::Performance, S::Medium},
    {"slow", Needs::Nothing, C::Performance, S::Medium},
    {"security", Needs::Nothing, C::Security, S::Critical},
    {"vuln", Needs::Nothing, C::Security, S::Critical},
    {"cve", Needs::Nothing, C::Security, S::Critical},
}};

// ASCII only, without the C locale's per-call cost: comments are most of the text scanned here.
bool word_char(char c) {
   return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char lower_ascii(char c) {
   return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Lengths and first letters of the pattern words: most words are rejected on these alone.
constexpr std::size_t kShortestWord = 3;
constexpr std::size_t kLongestWord = 11; // "performance"
constexpr std::string_view kFirstLetters = "bcdfhikopstvwx";

// Lower-cases `word` into `buffer`; empty when it cannot be a marker word.
std::string_view lowered(std::string_view word, std::array<char, 16> &buffer) {
   if (word.size() < kShortestWord || word.size() > kLongestWord ||
       kFirstLetters.find(lower_ascii(word.front())) == std::string_view::npos) {
      return {};
   }
   for (std::size_t i = 0; i < word.size(); ++i) {
      buffer[i] = lower_ascii(word[i]);
   }
   return {buffer.data(), word.size()};
}

struct LineState {
   std::string_view previous; // lower case previous word
   bool saw_test = false;
};

bool requirement_met(Needs needs, const LineState &state) {
   switch (needs) {
   case Needs::PreviousTechnical: return state.previous == "technical";
   case Needs::PreviousPerformance: return state.previous == "performance";
   case Needs::EarlierTest: return state.saw_test;
   default: return true;
   }
}

const Pattern *match_word(std::string_view lower, const LineState &state) {
   if (lower.empty()) {
      return nullptr;
   }
   for (const auto &pattern : kPatterns) {
      if (pattern.word == lower && requirement_met(pattern.needs, state)) {
         return &pattern;
      }
   }
   return nullptr;
}

// Start of the phrase ending with a matched word: phrases report both words as the marker.
std::size_t marker_start(const Pattern &pattern, std::size_t word_start,
                         std::size_t previous_start) {
   const bool phrase =
       pattern.needs == Needs::PreviousTechnical || pattern.needs == Needs::PreviousPerformance;
   return phrase ? previous_start : word_start;
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

} // namespace

// The next word of `line` at or after `pos` (letters, digits, '_'); `pos` moves past it.
static std::string_view next_word(std::string_view line, std::size_t &pos, std::size_t &start) {
   while (pos < line.size() && !word_char(line[pos])) {
      ++pos;
   }
   start = pos;
   while (pos < line.size() && word_char(line[pos])) {
      ++pos;
   }
   return line.substr(start, pos - start);
}

std::optional<SatdMatch> classify_satd_line(std::string_view line) {
   std::optional<SatdMatch> best;
   LineState state;
   std::array<char, 16> buffers[2];
   std::size_t previous_start = 0;
   std::size_t pos = 0;
   std::size_t start = 0;
   for (int which = 0; pos < line.size(); which ^= 1) {
      const auto lower = lowered(next_word(line, pos, start), buffers[which]);
      const Pattern *pattern = match_word(lower, state);
      if (pattern != nullptr && (!best || pattern->severity > best->severity)) {
         const auto from = marker_start(*pattern, start, previous_start);
         best =
             SatdMatch{line.substr(from, pos - from), from, pattern->category, pattern->severity};
      }
      state.saw_test = state.saw_test || lower == "test" || lower == "tests";
      state.previous = lower;
      previous_start = start;
   }
   return best;
}

void SatdCollector::on_comment(std::string_view text, std::uint32_t line, std::uint32_t column) {
   std::size_t begin = 0;
   while (begin <= text.size()) {
      const auto newline = text.find('\n', begin);
      const auto end = newline == std::string_view::npos ? text.size() : newline;
      on_line(text.substr(begin, end - begin), line, column);
      if (newline == std::string_view::npos) {
         break;
      }
      begin = newline + 1;
      ++line;
      column = 1;
   }
}

void SatdCollector::on_line(std::string_view text, std::uint32_t line, std::uint32_t column) {
   const auto match = classify_satd_line(text);
   if (!match) {
      return;
   }
   ++analysis_.satd_total;
   if (analysis_.satd.size() >= kMaxSatdPerFile) {
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
