// SPDX-License-Identifier: MIT
#include "keywords.hpp"

#include <array>
#include <cstdint>

namespace pmat::native::detail {
namespace {

struct Entry {
   std::string_view word;
   Keyword keyword;
};

constexpr std::array<Entry, 19> kCommon{{{"if", Keyword::If},
                                         {"default", Keyword::Default},
                                         {"else", Keyword::Else},
                                         {"for", Keyword::For},
                                         {"while", Keyword::While},
                                         {"do", Keyword::Do},
                                         {"switch", Keyword::Switch},
                                         {"case", Keyword::Case},
                                         {"catch", Keyword::Catch},
                                         {"try", Keyword::Try},
                                         {"finally", Keyword::Finally},
                                         {"goto", Keyword::Goto},
                                         {"break", Keyword::Break},
                                         {"continue", Keyword::Continue},
                                         {"return", Keyword::Other},
                                         {"sizeof", Keyword::Other},
                                         {"throw", Keyword::Other},
                                         {"typeof", Keyword::Other},
                                         {"new", Keyword::New}}};

constexpr std::array<Entry, 8> kCpp{{{"class", Keyword::TypeIntro},
                                     {"struct", Keyword::TypeIntro},
                                     {"union", Keyword::TypeIntro},
                                     {"namespace", Keyword::TypeIntro},
                                     {"operator", Keyword::Operator},
                                     {"and", Keyword::And},
                                     {"or", Keyword::Or},
                                     {"decltype", Keyword::Other}}};

constexpr std::array<Entry, 6> kRust{{{"fn", Keyword::Function},
                                      {"loop", Keyword::Loop},
                                      {"match", Keyword::Match},
                                      {"impl", Keyword::TypeIntro},
                                      {"trait", Keyword::TypeIntro},
                                      {"mod", Keyword::TypeIntro}}};

constexpr std::array<Entry, 3> kGo{
    {{"func", Keyword::Function}, {"select", Keyword::Select}, {"struct", Keyword::Other}}};

constexpr std::array<Entry, 5> kJava{{{"class", Keyword::TypeIntro},
                                      {"interface", Keyword::TypeIntro},
                                      {"enum", Keyword::TypeIntro},
                                      {"record", Keyword::TypeIntro},
                                      {"synchronized", Keyword::Other}}};

constexpr std::array<Entry, 8> kScript{{{"function", Keyword::Function},
                                        {"class", Keyword::TypeIntro},
                                        {"interface", Keyword::TypeIntro},
                                        {"namespace", Keyword::TypeIntro},
                                        {"module", Keyword::None},
                                        {"enum", Keyword::TypeIntro},
                                        {"await", Keyword::Other},
                                        {"void", Keyword::Other}}};

// C++ keywords that are ordinary identifiers in C.
constexpr bool c_identifier(std::string_view word) {
   return word == "class" || word == "namespace" || word == "and" || word == "or" ||
          word == "operator";
}

// The C-family keywords that Rust shares.
constexpr bool in_rust(Keyword keyword) {
   return keyword == Keyword::If || keyword == Keyword::Else || keyword == Keyword::For ||
          keyword == Keyword::While || keyword == Keyword::Break || keyword == Keyword::Continue ||
          keyword == Keyword::Other;
}

template <std::size_t N>
constexpr Keyword find(const std::array<Entry, N> &table, std::string_view word, Keyword fallback) {
   for (const auto &entry : table) {
      if (entry.word == word) {
         return entry.keyword;
      }
   }
   return fallback;
}

constexpr Keyword language_specific(Language language, std::string_view word) {
   switch (language) {
   case Language::C:
   case Language::Cpp: return find(kCpp, word, Keyword::None);
   case Language::Rust: return find(kRust, word, Keyword::None);
   case Language::Go: return find(kGo, word, Keyword::None);
   case Language::Java: return find(kJava, word, Keyword::None);
   default: return find(kScript, word, Keyword::None);
   }
}

// The rule, readable and slow: what `word` is in `language`. Evaluated only at compile time, for
// every word of the tables (kAnswers).
constexpr Keyword resolve(Language language, std::string_view word) {
   if (language == Language::C && c_identifier(word)) {
      return Keyword::None;
   }
   const Keyword specific = language_specific(language, word);
   if (specific != Keyword::None) {
      return specific;
   }
   const Keyword common = find(kCommon, word, Keyword::None);
   return language == Language::Rust && !in_rust(common) ? Keyword::None : common;
}

// Every word of every table (a word in several tables more than once; each copy resolves alike).
constexpr std::size_t kWordCount =
    kCommon.size() + kCpp.size() + kRust.size() + kGo.size() + kJava.size() + kScript.size();

constexpr std::array<std::string_view, kWordCount> kWords = [] {
   std::array<std::string_view, kWordCount> words{};
   std::size_t next = 0;
   const auto add = [&](const auto &table) {
      for (const auto &entry : table) {
         words[next++] = entry.word;
      }
   };
   add(kCommon);
   add(kCpp);
   add(kRust);
   add(kGo);
   add(kJava);
   add(kScript);
   return words;
}();

constexpr std::size_t kLanguageCount = static_cast<std::size_t>(Language::Java) + 1;

// kAnswers[language][i]: resolve(language, kWords[i]).
constexpr auto kAnswers = [] {
   std::array<std::array<Keyword, kWordCount>, kLanguageCount> answers{};
   for (std::size_t language = 0; language < kLanguageCount; ++language) {
      for (std::size_t i = 0; i < kWordCount; ++i) {
         answers[language][i] = resolve(static_cast<Language>(language), kWords[i]);
      }
   }
   return answers;
}();

// A word's shape: its initial (a lower-case letter) and its length (below 16); every keyword has
// one, and a word is compared only with the few table words of its shape.
constexpr std::size_t kMaxLength = 16;
constexpr std::size_t kShapeCount = 26 * kMaxLength;

constexpr std::size_t shape_of(std::string_view word) {
   return static_cast<std::size_t>(word.front() - 'a') * kMaxLength + word.size();
}

// kWords' indices grouped by shape: those of shape s are words[start[s] .. start[s + 1]).
struct ShapeIndex {
   std::array<std::uint8_t, kShapeCount + 1> start{};
   std::array<std::uint8_t, kWordCount> words{};
};

constexpr ShapeIndex kShapes = [] {
   ShapeIndex index;
   std::array<std::size_t, kShapeCount + 1> count{};
   for (const auto word : kWords) {
      ++count[shape_of(word) + 1];
   }
   for (std::size_t s = 0; s < kShapeCount; ++s) {
      count[s + 1] += count[s];
      index.start[s + 1] = static_cast<std::uint8_t>(count[s + 1]);
   }
   for (std::size_t i = 0; i < kWordCount; ++i) {
      index.words[count[shape_of(kWords[i])]++] = static_cast<std::uint8_t>(i);
   }
   return index;
}();

// Byte by byte: keywords are short, shorter than a call to memcmp.
bool same_text(std::string_view a, std::string_view b) {
   for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i] != b[i]) {
         return false;
      }
   }
   return true;
}

} // namespace

Keyword keyword_of(Language language, std::string_view word) {
   if (word.empty() || word.size() >= kMaxLength || word.front() < 'a' || word.front() > 'z') {
      return Keyword::None; // every keyword starts with a lower-case letter
   }
   const std::size_t shape = shape_of(word);
   for (std::size_t i = kShapes.start[shape]; i < kShapes.start[shape + 1]; ++i) {
      const std::size_t index = kShapes.words[i];
      if (same_text(kWords[index], word)) {
         return kAnswers[static_cast<std::size_t>(language)][index];
      }
   }
   return Keyword::None;
}

} // namespace pmat::native::detail
