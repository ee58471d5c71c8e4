#include "semver.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string>
#include <vector>

namespace pmat::doctor {
namespace {

// A version with missing parts ("20", "18.x"): `parts` says how many were given.
struct Partial {
   Version version{0, 0, 0};
   int parts = 0;
};

enum class Op { Ge, Gt, Le, Lt, Eq };

struct Bound {
   Op op;
   Version version;
};

std::string_view trim(std::string_view text) {
   while (!text.empty() && text.front() == ' ')
      text.remove_prefix(1);
   while (!text.empty() && text.back() == ' ')
      text.remove_suffix(1);
   return text;
}

bool is_wildcard(std::string_view part) {
   return part == "x" || part == "X" || part == "*";
}

// Reads one dot-separated number into `partial`; false when it is neither a number nor a wildcard.
bool read_part(std::string_view part, Partial &partial, bool &wild) {
   if (wild || is_wildcard(part)) {
      wild = true;
      return is_wildcard(part);
   }
   unsigned long value = 0;
   const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
   if (ec != std::errc() || end != part.data() + part.size() || partial.parts >= 3)
      return false;
   partial.version[static_cast<std::size_t>(partial.parts++)] = value;
   return true;
}

std::optional<Partial> parse_partial(std::string_view text) {
   if (!text.empty() && (text.front() == 'v' || text.front() == '='))
      text.remove_prefix(1);
   text = text.substr(0, text.find_first_of("-+"));
   Partial partial;
   bool wild = false;
   while (!text.empty()) {
      const auto dot = text.find('.');
      if (!read_part(text.substr(0, dot), partial, wild))
         return std::nullopt;
      text = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
   }
   return partial;
}

// The first version above every version `partial` stands for ("20" -> 21.0.0, "20.1" -> 20.2.0).
Version next_after(const Partial &partial) {
   Version next = partial.version;
   const auto last = static_cast<std::size_t>(partial.parts - 1);
   ++next[last];
   for (std::size_t i = last + 1; i < 3; ++i)
      next[i] = 0;
   return next;
}

void caret(const Partial &p, std::vector<Bound> &out) {
   out.push_back({Op::Ge, p.version});
   std::size_t first = 0;
   while (first < 2 && p.version[first] == 0 && static_cast<int>(first) + 1 < p.parts)
      ++first;
   Partial upper{p.version, static_cast<int>(first) + 1};
   out.push_back({Op::Lt, next_after(upper)});
}

void tilde(const Partial &p, std::vector<Bound> &out) {
   out.push_back({Op::Ge, p.version});
   out.push_back({Op::Lt, next_after(Partial{p.version, p.parts >= 2 ? 2 : 1})});
}

// `p` with operator `op`, partial versions widened the way npm does.
void compare(std::string_view op, const Partial &p, std::vector<Bound> &out) {
   const bool whole = p.parts == 3;
   if (op == ">=")
      out.push_back({Op::Ge, p.version});
   else if (op == ">")
      out.push_back(whole ? Bound{Op::Gt, p.version} : Bound{Op::Ge, next_after(p)});
   else if (op == "<")
      out.push_back({Op::Lt, p.version});
   else if (op == "<=")
      out.push_back(whole ? Bound{Op::Le, p.version} : Bound{Op::Lt, next_after(p)});
   else if (whole)
      out.push_back({Op::Eq, p.version});
   else {
      out.push_back({Op::Ge, p.version});
      out.push_back({Op::Lt, next_after(p)});
   }
}

bool one_of(std::string_view op, std::initializer_list<std::string_view> ops) {
   return std::find(ops.begin(), ops.end(), op) != ops.end();
}

bool add_comparator(std::string_view token, std::vector<Bound> &out) {
   const auto digits = token.find_first_not_of("<>=^~");
   const std::string_view op = token.substr(0, digits);
   const auto partial = parse_partial(digits == std::string_view::npos ? "" : token.substr(digits));
   if (!partial)
      return false;
   if (partial->parts == 0) // "*", "x", "": any version
      return one_of(op, {"", ">=", "^", "~"});
   if (op == "^")
      caret(*partial, out);
   else if (op == "~")
      tilde(*partial, out);
   else if (one_of(op, {"", "=", ">=", ">", "<", "<="}))
      compare(op, *partial, out);
   else
      return false;
   return true;
}

bool holds(const Bound &bound, const Version &v) {
   switch (bound.op) {
   case Op::Ge: return v >= bound.version;
   case Op::Gt: return v > bound.version;
   case Op::Le: return v <= bound.version;
   case Op::Lt: return v < bound.version;
   case Op::Eq: return v == bound.version;
   }
   return false;
}

std::vector<std::string_view> words(std::string_view text) {
   std::vector<std::string_view> out;
   while (!(text = trim(text)).empty()) {
      const auto space = text.find(' ');
      out.push_back(text.substr(0, space));
      text = space == std::string_view::npos ? std::string_view() : text.substr(space);
   }
   return out;
}

// One AND-set: "18 - 20" (hyphen range) or space-separated comparators.
std::optional<std::vector<Bound>> parse_set(std::string_view set) {
   std::vector<Bound> bounds;
   auto tokens = words(set);
   if (tokens.size() == 3 && tokens[1] == "-") {
      const bool ok = add_comparator(">=" + std::string(tokens[0]), bounds) &&
                      add_comparator("<=" + std::string(tokens[2]), bounds);
      return ok ? std::optional(bounds) : std::nullopt;
   }
   for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::string token(tokens[i]);
      // ">= 20": an operator written apart from its version.
      if (token.find_first_not_of("<>=^~") == std::string::npos && i + 1 < tokens.size())
         token += tokens[++i];
      if (!add_comparator(token, bounds))
         return std::nullopt;
   }
   return bounds;
}

} // namespace

std::optional<Version> parse_version(std::string_view text) {
   const auto partial = parse_partial(trim(text));
   if (!partial || partial->parts != 3)
      return std::nullopt;
   return partial->version;
}

std::optional<bool> satisfies(const Version &version, std::string_view range) {
   bool any = false;
   while (true) {
      const auto bar = range.find("||");
      const auto bounds = parse_set(range.substr(0, bar));
      if (!bounds)
         return std::nullopt;
      bool all = true;
      for (const auto &bound : *bounds)
         all = all && holds(bound, version);
      any = any || all;
      if (bar == std::string_view::npos)
         return any;
      range.remove_prefix(bar + 2);
   }
}

} // namespace pmat::doctor
