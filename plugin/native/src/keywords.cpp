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
bool c_identifier(std::string_view word) {
   return word == "class" || word == "namespace" || word == "and" || word == "or" ||
          word == "operator";
}

// The C-family keywords that Rust shares.
bool in_rust(Keyword keyword) {
   return keyword == Keyword::If || keyword == Keyword::Else || keyword == Keyword::For ||
          keyword == Keyword::While || keyword == Keyword::Break || keyword == Keyword::Continue ||
          keyword == Keyword::Other;
}

template <std::size_t N>
Keyword find(const std::array<Entry, N> &table, std::string_view word, Keyword fallback) {
   for (const auto &entry : table) {
      if (entry.word == word) {
         return entry.keyword;
      }
   }
   return fallback;
}

Keyword language_specific(Language language, std::string_view word) {
   switch (language) {
   case Language::C:
   case Language::Cpp: return find(kCpp, word, Keyword::None);
   case Language::Rust: return find(kRust, word, Keyword::None);
   case Language::Go: return find(kGo, word, Keyword::None);
   case Language::Java: return find(kJava, word, Keyword::None);
   default: return find(kScript, word, Keyword::None);
   }
}

// For each initial letter, a bit per word length that some keyword of some table has. Nearly
// every identifier fails this one test, which spares it the table scans below.
constexpr std::array<std::uint16_t, 26> kShapes = [] {
   std::array<std::uint16_t, 26> shapes{};
   const auto add = [&shapes](const auto &table) {
      for (const auto &entry : table) {
         shapes[static_cast<std::size_t>(entry.word[0] - 'a')] |=
             static_cast<std::uint16_t>(1U << entry.word.size());
      }
   };
   add(kCommon);
   add(kCpp);
   add(kRust);
   add(kGo);
   add(kJava);
   add(kScript);
   return shapes;
}();

bool may_be_keyword(std::string_view word) {
   return word.size() < 16 &&
          (kShapes[static_cast<std::size_t>(word.front() - 'a')] & (1U << word.size())) != 0;
}

} // namespace

Keyword keyword_of(Language language, std::string_view word) {
   if (word.empty() || word.front() < 'a' || word.front() > 'y') {
      return Keyword::None; // every keyword starts with a lower-case letter
   }
   if (!may_be_keyword(word)) {
      return Keyword::None;
   }
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

} // namespace pmat::native::detail
