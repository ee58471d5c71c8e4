// SPDX-License-Identifier: MIT
#include "gitignore.hpp"

namespace pmat::app {
namespace {

std::string_view trim_trailing_spaces(std::string_view line) {
   while (!line.empty() && (line.back() == ' ' || line.back() == '\r') &&
          !(line.size() >= 2 && line[line.size() - 2] == '\\'))
      line.remove_suffix(1);
   return line;
}

constexpr std::size_t k_no_match = std::string_view::npos;

// Matches one "a" or "a-z" item of a class at pattern[i]; returns the index after it.
std::size_t match_range(std::string_view pattern, std::size_t i, char c, bool &matched) {
   const char low = pattern[i];
   const bool is_range = i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']';
   const char high = is_range ? pattern[i + 2] : low;
   matched = matched || (c >= low && c <= high);
   return i + (is_range ? 3 : 1);
}

// Matches a [...] class at pattern[p]; returns the index after it, or k_no_match when the class
// is malformed (then '[' is an ordinary character, as in git).
std::size_t match_class(std::string_view pattern, std::size_t p, char c, bool &matched) {
   std::size_t i = p + 1;
   const bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
   i += negate ? 1 : 0;
   matched = false;
   for (bool first = true; i < pattern.size() && (first || pattern[i] != ']'); first = false)
      i = match_range(pattern, i, c, matched);
   if (i >= pattern.size())
      return k_no_match;
   matched = matched != negate;
   return i + 1;
}

// Matches the single pattern element at pattern[p] (a class, '?', an escape or a literal)
// against c; returns the index after the element, or k_no_match.
std::size_t match_literal(std::string_view pattern, std::size_t p, char c) {
   const bool escaped = pattern[p] == '\\' && p + 1 < pattern.size();
   const char literal = escaped ? pattern[p + 1] : pattern[p];
   return literal == c ? p + (escaped ? 2 : 1) : k_no_match;
}

std::size_t match_element(std::string_view pattern, std::size_t p, char c) {
   if (pattern[p] == '[') {
      bool matched = false;
      const std::size_t next = match_class(pattern, p, c, matched);
      if (next != k_no_match)
         return matched && c != '/' ? next : k_no_match;
   }
   if (pattern[p] == '?')
      return c == '/' ? k_no_match : p + 1;
   return match_literal(pattern, p, c);
}

bool match_from(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t);

// "**": any run of characters, slashes included; "**/" also matches no directory at all.
bool match_double_star(std::string_view pattern, std::size_t p, std::string_view text,
                       std::size_t t) {
   const std::size_t next = p + 2;
   if (next < pattern.size() && pattern[next] == '/' && match_from(pattern, next + 1, text, t))
      return true;
   for (std::size_t k = t; k <= text.size(); ++k)
      if (match_from(pattern, next, text, k))
         return true;
   return false;
}

// "*": any run of characters within one path component.
bool match_single_star(std::string_view pattern, std::size_t p, std::string_view text,
                       std::size_t t) {
   for (std::size_t k = t; k <= text.size(); ++k) {
      if (match_from(pattern, p + 1, text, k))
         return true;
      if (k < text.size() && text[k] == '/')
         return false;
   }
   return false;
}

bool match_from(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t) {
   while (p < pattern.size()) {
      if (pattern[p] == '*')
         return p + 1 < pattern.size() && pattern[p + 1] == '*'
                    ? match_double_star(pattern, p, text, t)
                    : match_single_star(pattern, p, text, t);
      if (t >= text.size())
         return false;
      p = match_element(pattern, p, text[t]);
      if (p == k_no_match)
         return false;
      ++t;
   }
   return t == text.size();
}

IgnoreRule parse_line(std::string_view line, const std::string &base) {
   IgnoreRule rule;
   rule.base = base;
   if (line.front() == '!') {
      rule.negated = true;
      line.remove_prefix(1);
   } else if (line.starts_with("\\!") || line.starts_with("\\#")) {
      line.remove_prefix(1);
   }
   if (!line.empty() && line.back() == '/') {
      rule.directory_only = true;
      line.remove_suffix(1);
   }
   rule.anchored = line.find('/') != std::string_view::npos;
   if (!line.empty() && line.front() == '/')
      line.remove_prefix(1);
   rule.pattern = std::string(line);
   return rule;
}

bool rule_matches(const IgnoreRule &rule, std::string_view path, bool is_directory) {
   if (rule.directory_only && !is_directory)
      return false;
   if (!rule.base.empty()) {
      if (!path.starts_with(rule.base) || path.size() <= rule.base.size() ||
          path[rule.base.size()] != '/')
         return false;
      path.remove_prefix(rule.base.size() + 1);
   }
   if (rule.anchored)
      return glob_match(rule.pattern, path);
   const auto slash = path.rfind('/');
   return glob_match(rule.pattern, slash == std::string_view::npos ? path : path.substr(slash + 1));
}

} // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
   return match_from(pattern, 0, text, 0);
}

std::vector<IgnoreRule> parse_gitignore(std::string_view text, const std::string &base) {
   std::vector<IgnoreRule> rules;
   while (!text.empty()) {
      const auto end = text.find('\n');
      std::string_view line = trim_trailing_spaces(text.substr(0, end));
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
      if (line.empty() || line.front() == '#')
         continue;
      IgnoreRule rule = parse_line(line, base);
      if (!rule.pattern.empty())
         rules.push_back(std::move(rule));
   }
   return rules;
}

bool is_ignored(const std::vector<IgnoreRule> &rules, std::string_view relative_path,
                bool is_directory) {
   for (auto it = rules.rbegin(); it != rules.rend(); ++it)
      if (rule_matches(*it, relative_path, is_directory))
         return !it->negated;
   return false;
}

} // namespace pmat::app
