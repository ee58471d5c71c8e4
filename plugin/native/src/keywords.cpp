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

constexpr std::array<Entry, 19> k_common{{{"if", Keyword::If},
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

constexpr std::array<Entry, 8> k_cpp{{{"class", Keyword::TypeIntro},
                                      {"struct", Keyword::TypeIntro},
                                      {"union", Keyword::TypeIntro},
                                      {"namespace", Keyword::TypeIntro},
                                      {"operator", Keyword::Operator},
                                      {"and", Keyword::And},
                                      {"or", Keyword::Or},
                                      {"decltype", Keyword::Other}}};

constexpr std::array<Entry, 6> k_rust{{{"fn", Keyword::Function},
                                       {"loop", Keyword::Loop},
                                       {"match", Keyword::Match},
                                       {"impl", Keyword::TypeIntro},
                                       {"trait", Keyword::TypeIntro},
                                       {"mod", Keyword::TypeIntro}}};

constexpr std::array<Entry, 3> k_go{
    {{"func", Keyword::Function}, {"select", Keyword::Select}, {"struct", Keyword::Other}}};

constexpr std::array<Entry, 5> k_java{{{"class", Keyword::TypeIntro},
                                       {"interface", Keyword::TypeIntro},
                                       {"enum", Keyword::TypeIntro},
                                       {"record", Keyword::TypeIntro},
                                       {"synchronized", Keyword::Other}}};

constexpr std::array<Entry, 8> k_script{{{"function", Keyword::Function},
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
   case Language::Cpp: return find(k_cpp, word, Keyword::None);
   case Language::Rust: return find(k_rust, word, Keyword::None);
   case Language::Go: return find(k_go, word, Keyword::None);
   case Language::Java: return find(k_java, word, Keyword::None);
   default: return find(k_script, word, Keyword::None);
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
   const Keyword common = find(k_common, word, Keyword::None);
   return language == Language::Rust && !in_rust(common) ? Keyword::None : common;
}

// Every word of every table (a word in several tables more than once; each copy resolves alike).
constexpr std::size_t k_word_count =
    k_common.size() + k_cpp.size() + k_rust.size() + k_go.size() + k_java.size() + k_script.size();

constexpr std::array<std::string_view, k_word_count> k_words = [] {
   std::array<std::string_view, k_word_count> words{};
   std::size_t next = 0;
   const auto add = [&](const auto &table) {
      for (const auto &entry : table) {
         words[next++] = entry.word;
      }
   };
   add(k_common);
   add(k_cpp);
   add(k_rust);
   add(k_go);
   add(k_java);
   add(k_script);
   return words;
}();

constexpr std::size_t k_language_count = static_cast<std::size_t>(Language::Java) + 1;

// kAnswers[language][i]: resolve(language, kWords[i]).
constexpr auto k_answers = [] {
   std::array<std::array<Keyword, k_word_count>, k_language_count> answers{};
   for (std::size_t language = 0; language < k_language_count; ++language) {
      for (std::size_t i = 0; i < k_word_count; ++i) {
         answers[language][i] = resolve(static_cast<Language>(language), k_words[i]);
      }
   }
   return answers;
}();

// A word's shape: its initial (a lower-case letter) and its length (below 16); every keyword has
// one, and a word is compared only with the few table words of its shape.
constexpr std::size_t k_max_length = 16;
constexpr std::size_t k_shape_count = 26 * k_max_length;

constexpr std::size_t shape_of(std::string_view word) {
   return static_cast<std::size_t>(word.front() - 'a') * k_max_length + word.size();
}

// kWords' indices grouped by shape: those of shape s are words[start[s] .. start[s + 1]).
struct ShapeIndex {
   std::array<std::uint8_t, k_shape_count + 1> start{};
   std::array<std::uint8_t, k_word_count> words{};
};

constexpr ShapeIndex k_shapes = [] {
   ShapeIndex index;
   std::array<std::size_t, k_shape_count + 1> count{};
   for (const auto word : k_words) {
      ++count[shape_of(word) + 1];
   }
   for (std::size_t s = 0; s < k_shape_count; ++s) {
      count[s + 1] += count[s];
      index.start[s + 1] = static_cast<std::uint8_t>(count[s + 1]);
   }
   for (std::size_t i = 0; i < k_word_count; ++i) {
      index.words[count[shape_of(k_words[i])]++] = static_cast<std::uint8_t>(i);
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
   if (word.empty() || word.size() >= k_max_length || word.front() < 'a' || word.front() > 'z') {
      return Keyword::None; // every keyword starts with a lower-case letter
   }
   const std::size_t shape = shape_of(word);
   for (std::size_t i = k_shapes.start[shape]; i < k_shapes.start[shape + 1]; ++i) {
      const std::size_t index = k_shapes.words[i];
      if (same_text(k_words[index], word)) {
         return k_answers[static_cast<std::size_t>(language)][index];
      }
   }
   return Keyword::None;
}

} // namespace pmat::native::detail
