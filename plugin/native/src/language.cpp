// SPDX-License-Identifier: MIT
#include <pmat/native/language.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace pmat::native {
namespace {

struct NamedLanguage {
   std::string_view name;
   Language language;
};

constexpr std::array<NamedLanguage, 8> k_names{{{"c", Language::C},
                                                {"cpp", Language::Cpp},
                                                {"rust", Language::Rust},
                                                {"python", Language::Python},
                                                {"javascript", Language::JavaScript},
                                                {"typescript", Language::TypeScript},
                                                {"go", Language::Go},
                                                {"java", Language::Java}}};

constexpr std::array<NamedLanguage, 10> k_aliases{{{"c++", Language::Cpp},
                                                   {"cxx", Language::Cpp},
                                                   {"rs", Language::Rust},
                                                   {"py", Language::Python},
                                                   {"python3", Language::Python},
                                                   {"js", Language::JavaScript},
                                                   {"node", Language::JavaScript},
                                                   {"ts", Language::TypeScript},
                                                   {"golang", Language::Go},
                                                   {"jsx", Language::JavaScript}}};

constexpr std::array<NamedLanguage, 27> k_extensions{{
    {"c", Language::C},
    {"h", Language::C},
    {"cc", Language::Cpp},
    {"cpp", Language::Cpp},
    {"cxx", Language::Cpp},
    {"c++", Language::Cpp},
    {"hh", Language::Cpp},
    {"hpp", Language::Cpp},
    {"hxx", Language::Cpp},
    {"h++", Language::Cpp},
    {"ipp", Language::Cpp},
    {"inl", Language::Cpp},
    {"rs", Language::Rust},
    {"py", Language::Python},
    {"pyw", Language::Python},
    {"pyi", Language::Python},
    {"js", Language::JavaScript},
    {"mjs", Language::JavaScript},
    {"cjs", Language::JavaScript},
    {"jsx", Language::JavaScript},
    {"ts", Language::TypeScript},
    {"tsx", Language::TypeScript},
    {"mts", Language::TypeScript},
    {"cts", Language::TypeScript},
    {"go", Language::Go},
    {"java", Language::Java},
    {"C", Language::Cpp},
}};

// Interpreter names recognised in a shebang, matched against the program's base name prefix.
constexpr std::array<NamedLanguage, 6> k_interpreters{{{"python", Language::Python},
                                                       {"pypy", Language::Python},
                                                       {"node", Language::JavaScript},
                                                       {"nodejs", Language::JavaScript},
                                                       {"ts-node", Language::TypeScript},
                                                       {"deno", Language::TypeScript}}};

std::string lower(std::string_view text) {
   std::string out(text);
   for (char &c : out) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
   }
   return out;
}

template <std::size_t N>
Language find_exact(const std::array<NamedLanguage, N> &table, std::string_view key) {
   for (const auto &entry : table) {
      if (entry.name == key) {
         return entry.language;
      }
   }
   return Language::Unknown;
}

Language by_extension(std::string_view path) {
   const auto slash = path.find_last_of('/');
   const auto base = slash == std::string_view::npos ? path : path.substr(slash + 1);
   const auto dot = base.find_last_of('.');
   if (dot == std::string_view::npos || dot == 0) {
      return Language::Unknown;
   }
   const auto ext = base.substr(dot + 1);
   const Language exact = find_exact(k_extensions, ext); // ".C" is C++ by convention
   return exact != Language::Unknown ? exact : find_exact(k_extensions, lower(ext));
}

// The next white-space separated word of `line` at or after `pos`; `pos` moves past it.
std::string_view next_word(std::string_view line, std::size_t &pos) {
   const auto begin = line.find_first_not_of(" \t\r", pos);
   if (begin == std::string_view::npos) {
      pos = line.size();
      return {};
   }
   const auto end = std::min(line.find_first_of(" \t\r", begin), line.size());
   pos = end;
   return line.substr(begin, end - begin);
}

std::string_view base_name(std::string_view word) {
   const auto slash = word.find_last_of('/');
   return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

// The program named by a shebang: "#!/usr/bin/env -S node --x" -> "node".
std::string_view shebang_program(std::string_view content) {
   if (content.substr(0, 2) != "#!") {
      return {};
   }
   const auto line =
       content.substr(2, content.find('\n') - std::min<std::size_t>(content.find('\n'), 2));
   std::size_t pos = 0;
   for (auto word = next_word(line, pos); !word.empty(); word = next_word(line, pos)) {
      const auto name = base_name(word);
      if (name != "env" && name.front() != '-') {
         return name;
      }
   }
   return {};
}

Language by_shebang(std::string_view content) {
   const auto program = shebang_program(content);
   for (const auto &entry : k_interpreters) {
      if (program.substr(0, entry.name.size()) == entry.name) {
         return entry.language;
      }
   }
   return Language::Unknown;
}

} // namespace

std::string_view language_name(Language language) {
   for (const auto &entry : k_names) {
      if (entry.language == language) {
         return entry.name;
      }
   }
   return "unknown";
}

Language language_from_name(std::string_view name) {
   const std::string key = lower(name);
   const Language exact = find_exact(k_names, key);
   return exact != Language::Unknown ? exact : find_exact(k_aliases, key);
}

Language detect_language(std::string_view path, std::string_view content) {
   const Language by_ext = by_extension(path);
   return by_ext != Language::Unknown ? by_ext : by_shebang(content);
}

} // namespace pmat::native
