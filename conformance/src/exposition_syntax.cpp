// SPDX-License-Identifier: MIT
#include "exposition_syntax.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace pmat::conformance::exposition {

namespace {

bool name_char(char c, bool first, bool colon) {
   const bool alpha =
       std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (colon && c == ':');
   return first ? alpha : alpha || std::isdigit(static_cast<unsigned char>(c));
}

bool valid_name(std::string_view name, bool colon) {
   if (name.empty())
      return false;
   for (std::size_t i = 0; i < name.size(); ++i)
      if (!name_char(name[i], i == 0, colon))
         return false;
   return true;
}

struct Cursor {
   std::string_view s;
   std::size_t pos = 0;

   bool done() const { return pos >= s.size(); }
   char peek() const { return done() ? '\0' : s[pos]; }
   void skip_blanks() {
      while (!done() && (s[pos] == ' ' || s[pos] == '\t'))
         ++pos;
   }
   std::string_view take_while_name(bool colon) {
      const std::size_t start = pos;
      while (!done() && name_char(s[pos], pos == start, colon))
         ++pos;
      return s.substr(start, pos - start);
   }
   std::string_view take_token() {
      const std::size_t start = pos;
      while (!done() && s[pos] != ' ' && s[pos] != '\t')
         ++pos;
      return s.substr(start, pos - start);
   }
};

bool unescape(char c, std::string &out) {
   switch (c) {
   case 'n': out += '\n'; return true;
   case '\\': out += '\\'; return true;
   case '"': out += '"'; return true;
   default: return false; // 0.0.4 knows only \\, \" and \n
   }
}

bool label_value(Cursor &c, std::string &out, std::string &error) {
   if (c.peek() != '"') {
      error = "label value must be a double-quoted string";
      return false;
   }
   for (++c.pos; !c.done(); ++c.pos) {
      const char ch = c.s[c.pos];
      if (ch == '"') {
         ++c.pos;
         return true;
      }
      if (ch == '\\' && !(++c.pos < c.s.size() && unescape(c.s[c.pos], out))) {
         error = "invalid escape sequence in a label value";
         return false;
      }
      if (ch != '\\')
         out += ch;
   }
   error = "unterminated label value";
   return false;
}

bool one_label(Cursor &c, Sample &sample, std::string &error) {
   c.skip_blanks();
   const std::string name(c.take_while_name(false));
   c.skip_blanks();
   if (name.empty() || c.peek() != '=') {
      error = "expected label_name=\"value\"";
      return false;
   }
   ++c.pos;
   c.skip_blanks();
   std::string value;
   if (!label_value(c, value, error))
      return false;
   if (!sample.labels.emplace(name, value).second) {
      error = "duplicate label name " + name;
      return false;
   }
   return true;
}

bool labels(Cursor &c, Sample &sample, std::string &error) {
   if (c.peek() != '{')
      return true;
   ++c.pos;
   c.skip_blanks();
   while (c.peek() != '}') {
      if (!one_label(c, sample, error))
         return false;
      c.skip_blanks();
      if (c.peek() == ',') {
         ++c.pos;
         c.skip_blanks();
      } else if (c.peek() != '}') {
         error = "expected ',' or '}' in the label set";
         return false;
      }
   }
   ++c.pos;
   return true;
}

} // namespace

bool is_metric_name(std::string_view name) {
   return valid_name(name, true);
}
bool is_label_name(std::string_view name) {
   return valid_name(name, false);
}

std::optional<double> parse_value(std::string_view token) {
   static const std::map<std::string_view, double> k_special{
       {"NaN", std::nan("")}, {"+Inf", HUGE_VAL}, {"Inf", HUGE_VAL}, {"-Inf", -HUGE_VAL}};
   if (const auto it = k_special.find(token); it != k_special.end())
      return it->second;
   // strtod would also take hex, lower-case nan/inf spellings and leading blanks: refuse them.
   const std::string t(token);
   if (t.empty() || t.find_first_of(" \txXnNiI") != std::string::npos)
      return std::nullopt;
   char *end = nullptr;
   errno = 0;
   const double v = std::strtod(t.c_str(), &end);
   if (end != t.c_str() + t.size() || errno == ERANGE)
      return std::nullopt;
   return v;
}

bool is_timestamp(std::string_view token) {
   std::size_t i = token.size() > 1 && (token[0] == '-' || token[0] == '+') ? 1 : 0;
   if (i == token.size())
      return false;
   for (; i < token.size(); ++i)
      if (!std::isdigit(static_cast<unsigned char>(token[i])))
         return false;
   return true;
}

std::optional<Sample> parse_sample(std::string_view line, std::string &error) {
   Cursor c{line};
   Sample sample;
   sample.name = std::string(c.take_while_name(true));
   if (sample.name.empty()) {
      error = "a sample line must start with a metric name";
      return std::nullopt;
   }
   if (!labels(c, sample, error))
      return std::nullopt;
   c.skip_blanks();
   const auto value = parse_value(c.take_token());
   c.skip_blanks();
   const auto timestamp = c.take_token();
   c.skip_blanks();
   if (!value || (!timestamp.empty() && !is_timestamp(timestamp)) || !c.done()) {
      error = "expected `name{labels} value [timestamp]`";
      return std::nullopt;
   }
   sample.value = *value;
   return sample;
}

} // namespace pmat::conformance::exposition
