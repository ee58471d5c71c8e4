// SPDX-License-Identifier: MIT
#include "review_filters.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::plugin::claude {
namespace {

std::string text_of(const boost::json::object &object, const char *key) {
   const auto *value = object.if_contains(key);
   return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::int64_t number_of(const boost::json::object &object, const char *key) {
   const auto *value = object.if_contains(key);
   return value && value->is_int64() ? value->get_int64() : 0;
}

// Without trailing blanks and CR: what two quotes of the same line agree on.
std::string_view trimmed(std::string_view line) {
   while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
   return line;
}

std::vector<std::string_view> lines_of(std::string_view text) {
   std::vector<std::string_view> lines;
   while (!text.empty()) {
      const std::size_t end = text.find('\n');
      lines.push_back(text.substr(0, end));
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
   }
   return lines;
}

bool is_complexity_rule(const std::string &rule) {
   return rule == "cyclomatic-complexity" || rule == "cognitive-complexity";
}

bool repeats_native(const boost::json::object &finding, const boost::json::array &native) {
   const std::string category = text_of(finding, "category");
   const std::string function = text_of(finding, "function");
   const std::int64_t line = number_of(finding, "line");
   const std::int64_t end_line = std::max(line, number_of(finding, "end_line"));
   return std::any_of(native.begin(), native.end(), [&](const boost::json::value &value) {
      const auto *violation = value.if_object();
      if (!violation)
         return false;
      const std::string rule = text_of(*violation, "rule");
      if (category == "complexity" && is_complexity_rule(rule))
         return !function.empty() && text_of(*violation, "function") == function;
      const std::int64_t at = number_of(*violation, "line");
      return rule == "satd" && (category == "maintainability" || category == "documentation") &&
             line <= at && at <= end_line;
   });
}

bool touches_change(const boost::json::object &item, const boost::json::array &spans) {
   const std::int64_t line = number_of(item, "line");
   const std::int64_t end_line = std::max(line, number_of(item, "end_line"));
   return std::any_of(spans.begin(), spans.end(), [&](const boost::json::value &span) {
      const auto *pair = span.if_array();
      return pair && pair->size() == 2 && (*pair)[0].is_int64() && (*pair)[1].is_int64() &&
             (*pair)[0].get_int64() <= end_line && line <= (*pair)[1].get_int64();
   });
}

bool fix_applies(const boost::json::object &fix, const std::vector<std::string_view> &file) {
   const std::int64_t line = number_of(fix, "line");
   const std::int64_t end_line = number_of(fix, "end_line");
   if (line < 1 || end_line < line || end_line > static_cast<std::int64_t>(file.size()))
      return false;
   const std::string quoted = text_of(fix, "original"); // owns the text `original` views
   const auto original = lines_of(quoted);
   if (static_cast<std::int64_t>(original.size()) != end_line - line + 1)
      return false;
   for (std::size_t i = 0; i < original.size(); ++i)
      if (trimmed(original[i]) != trimmed(file[static_cast<std::size_t>(line - 1) + i]))
         return false;
   return true;
}

void check_fix(boost::json::object &finding, const std::vector<std::string_view> &file,
               ReviewCounts &counts) {
   const auto *fix = finding.if_contains("fix");
   if (!fix)
      return;
   if (fix->is_object() && fix_applies(fix->get_object(), file)) {
      ++counts.fixes_kept;
      return;
   }
   finding.erase("fix");
   ++counts.fixes_dropped;
}

// Keeps the items of `list` for which `keep` is true; returns how many it dropped.
template <typename Keep> std::size_t keep_only(boost::json::value *list, Keep &&keep) {
   if (!list || !list->is_array())
      return 0;
   boost::json::array kept;
   std::size_t dropped = 0;
   for (auto &value : list->get_array()) {
      auto *item = value.if_object();
      if (item && keep(*item))
         kept.push_back(std::move(value));
      else
         ++dropped;
   }
   list->get_array() = std::move(kept);
   return dropped;
}

} // namespace

ReviewCounts review_filters(boost::json::object &analysis, const BatchItem &item) {
   ReviewCounts counts;
   auto *findings = analysis.if_contains("findings");
   counts.duplicates = keep_only(findings, [&](const boost::json::object &finding) {
      return !repeats_native(finding, item.native_findings);
   });
   if (const auto *spans = item.changed_lines.if_array()) {
      const auto in_change = [&](const boost::json::object &entry) {
         return touches_change(entry, *spans);
      };
      counts.outside_change = keep_only(findings, in_change) +
                              keep_only(analysis.if_contains("refactorings"), in_change);
   }
   const auto file = lines_of(item.content);
   if (findings && findings->is_array())
      for (auto &finding : findings->get_array())
         if (auto *object = finding.if_object())
            check_fix(*object, file, counts);
   analysis["dropped_duplicates"] = counts.duplicates;
   analysis["dropped_outside_change"] = counts.outside_change;
   analysis["dropped_fixes"] = counts.fixes_dropped;
   return counts;
}

} // namespace pmat::plugin::claude
