#include "gitignore.hpp"

namespace pmat::cli {
namespace {

std::string_view trim_trailing_spaces(std::string_view line) {
   while (!line.empty() && (line.back() == ' ' || line.back() == '\r') &&
          !(line.size() >= 2 && line[line.size() - 2] == '\\'))
      line.remove_suffix(1);
   return line;
}

// Matches a [...] class at pattern[p]; returns the index after it, or npos when malformed.
std::size_t match_class(std::string_view pattern, std::size_t p, char c, bool &matched) {
   std::size_t i = p + 1;
   const bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
   i += negate ? 1 : 0;
   matched = false;
   for (bool first = true; i < pattern.size() && (first || pattern[i] != ']'); first = false) {
      const char low = pattern[i];
      char high = low;
      if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
         high = pattern[i + 2];
         i += 2;
      }
      matched = matched || (c >= low && c <= high);
      ++i;
   }
   if (i >= pattern.size())
      return std::string_view::npos;
   matched = matched != negate;
   return i + 1;
}

bool match_from(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t);

bool match_star(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t) {
   const bool double_star = p + 1 < pattern.size() && pattern[p + 1] == '*';
   if (double_star) {
      std::size_t next = p + 2;
      if (next < pattern.size() && pattern[next] == '/' && match_from(pattern, next + 1, text, t))
         return true; // "**/" also matches zero directories
      for (std::size_t k = t; k <= text.size(); ++k)
         if (match_from(pattern, next, text, k))
            return true;
      return false;
   }
   for (std::size_t k = t; k <= text.size(); ++k) {
      if (match_from(pattern, p + 1, text, k))
         return true;
      if (k < text.size() && text[k] == '/')
         return false; // a single * never crosses a directory
   }
   return false;
}

bool match_from(std::string_view pattern, std::size_t p, std::string_view text, std::size_t t) {
   while (p < pattern.size()) {
      const char c = pattern[p];
      if (c == '*')
         return match_star(pattern, p, text, t);
      if (t >= text.size())
         return false;
      if (c == '[') {
         bool matched = false;
         const std::size_t next = match_class(pattern, p, text[t], matched);
         if (next != std::string_view::npos) {
            if (!matched || text[t] == '/')
               return false;
            p = next;
            ++t;
            continue;
         }
      }
      const bool escaped = c == '\\' && p + 1 < pattern.size();
      const char literal = escaped ? pattern[p + 1] : c;
      if (c == '?' ? text[t] == '/' : literal != text[t])
         return false;
      p += escaped ? 2 : 1;
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

} // namespace pmat::cli
