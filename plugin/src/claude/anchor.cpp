#include "anchor.hpp"

#include <boost/json/array.hpp>

#include <algorithm>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pmat::plugin::claude {
namespace {

bool blank(char c) {
   return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Trimmed, with every run of blanks as one space.
std::string normalised(std::string_view text) {
   std::string out;
   bool pending_space = false;
   for (const char c : text) {
      if (blank(c)) {
         pending_space = !out.empty();
         continue;
      }
      if (pending_space)
         out.push_back(' ');
      pending_space = false;
      out.push_back(c);
   }
   return out;
}

std::vector<std::string> normalised_lines(std::string_view content) {
   std::vector<std::string> lines;
   std::size_t start = 0;
   while (start < content.size()) {
      const std::size_t end = content.find('\n', start);
      const std::size_t stop = end == std::string_view::npos ? content.size() : end;
      lines.push_back(normalised(content.substr(start, stop - start)));
      start = stop + 1;
   }
   return lines;
}

// The snippet's first non-blank line, normalised: what must appear on the anchor line.
std::string quote_of(const boost::json::object &item) {
   const auto *snippet = item.if_contains("snippet");
   if (!snippet || !snippet->is_string())
      return {};
   std::string_view text = snippet->get_string();
   while (!text.empty()) {
      const std::size_t end = text.find('\n');
      const std::string line = normalised(text.substr(0, end));
      if (!line.empty())
         return line;
      text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
   }
   return {};
}

std::int64_t int_field(const boost::json::object &item, const char *key, std::int64_t fallback) {
   const auto *value = item.if_contains(key);
   return value && value->is_int64() ? value->get_int64() : fallback;
}

// The 1-based line nearest `stated` (within the window) whose text contains `quote`.
std::optional<std::int64_t> locate(const std::vector<std::string> &lines, std::int64_t stated,
                                   const std::string &quote) {
   const auto holds = [&](std::int64_t line) {
      return line >= 1 && line <= static_cast<std::int64_t>(lines.size()) &&
             lines[static_cast<std::size_t>(line - 1)].find(quote) != std::string::npos;
   };
   for (std::int64_t distance = 0; distance <= static_cast<std::int64_t>(k_anchor_window);
        ++distance) {
      if (holds(stated - distance))
         return stated - distance;
      if (holds(stated + distance))
         return stated + distance;
   }
   return std::nullopt;
}

enum class Verdict { kept, reanchored, dropped };

Verdict anchor(boost::json::object &item, const std::vector<std::string> &lines) {
   const std::string quote = quote_of(item);
   const std::int64_t stated = int_field(item, "line", 0);
   const auto found = quote.empty() ? std::nullopt : locate(lines, stated, quote);
   if (!found)
      return Verdict::dropped;
   const std::int64_t last = static_cast<std::int64_t>(lines.size());
   const std::int64_t end = int_field(item, "end_line", stated) + (*found - stated);
   item["line"] = *found;
   item["end_line"] = std::min(std::max(end, *found), last);
   return *found == stated ? Verdict::kept : Verdict::reanchored;
}

void anchor_list(boost::json::object &analysis, const char *key,
                 const std::vector<std::string> &lines, AnchorCounts &counts) {
   auto *list = analysis.if_contains(key);
   if (!list || !list->is_array())
      return;
   boost::json::array kept;
   for (auto &value : list->get_array()) {
      auto *item = value.if_object();
      const Verdict verdict = item ? anchor(*item, lines) : Verdict::dropped;
      if (verdict == Verdict::dropped) {
         ++counts.dropped;
         continue;
      }
      ++(verdict == Verdict::kept ? counts.kept : counts.reanchored);
      kept.push_back(std::move(value));
   }
   *list = std::move(kept);
}

} // namespace

AnchorCounts anchor_findings(boost::json::object &analysis, std::string_view content) {
   const auto lines = normalised_lines(content);
   AnchorCounts counts;
   anchor_list(analysis, "findings", lines, counts);
   anchor_list(analysis, "refactorings", lines, counts);
   analysis["dropped_findings"] = static_cast<std::int64_t>(counts.dropped);
   return counts;
}

} // namespace pmat::plugin::claude
