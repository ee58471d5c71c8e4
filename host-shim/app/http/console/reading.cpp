// SPDX-License-Identifier: MIT
#include "reading.hpp"

#include <cstdlib>
#include <limits>

namespace pmat::serve::console {
namespace {

struct Line {
   std::string_view name;
   std::string_view labels;
   double value = 0;
};

bool parse_value(std::string_view text, double &out) {
   if (text == "+Inf" || text == "Inf") {
      out = std::numeric_limits<double>::infinity();
      return true;
   }
   const std::string copy(text); // strtod: from_chars for double is not in every libstdc++
   char *end = nullptr;
   out = std::strtod(copy.c_str(), &end);
   return end && end != copy.c_str() && *end == '\0';
}

// "name{labels} value [timestamp]" -> Line; false for comments and malformed lines.
bool split_line(std::string_view text, Line &line) {
   if (text.empty() || text.front() == '#')
      return false;
   const auto brace = text.find('{');
   const auto space = text.find(' ', brace == std::string_view::npos ? 0 : text.find('}'));
   if (space == std::string_view::npos)
      return false;
   const auto name_end = brace != std::string_view::npos && brace < space ? brace : space;
   line.name = text.substr(0, name_end);
   line.labels = name_end == brace ? text.substr(brace + 1, text.find('}') - brace - 1) : "";
   auto rest = text.substr(space + 1);
   rest = rest.substr(0, rest.find(' '));
   return parse_value(rest, line.value);
}

void add_bucket(Reading &reading, const Line &line) {
   double bound = 0;
   if (label_value(line.labels, "operation") != "analyze" ||
       !parse_value(label_value(line.labels, "le"), bound))
      return;
   reading.latency_buckets.emplace_back(bound, line.value);
}

void add_bridge_request(Reading &reading, const Line &line) {
   const std::string status = label_value(line.labels, "status");
   if (status == "success")
      reading.claude_ok += line.value;
   else if (status == "error")
      reading.claude_errors += line.value;
}

void add_line(Reading &reading, const Line &line) {
   if (line.name == "pmat_claude_requests_total")
      reading.analyses += line.value;
   else if (line.name == "claude_bridge_requests_total")
      add_bridge_request(reading, line);
   else if (line.name == "pmat_claude_cost_usd_total")
      reading.cost_usd += line.value;
   else if (line.name == "claude_bridge_latency_seconds_bucket")
      add_bucket(reading, line);
   else if (line.name == "pmat_claude_flag_evaluations_total")
      reading.decisions[label_value(line.labels, "reason")] += line.value;
   else if (line.name == "claude_bridge_errors_total")
      reading.claude_failures[label_value(line.labels, "error")] += line.value;
   else if (line.name == "pmat_claude_cache_lookups_total")
      reading.cache_lookups[label_value(line.labels, "tier") + "/" +
                            label_value(line.labels, "outcome")] += line.value;
}

} // namespace

std::string label_value(std::string_view labels, std::string_view name) {
   const std::string key = std::string(name) + "=\"";
   std::size_t at = labels.find(key);
   while (at != std::string_view::npos && at != 0 && labels[at - 1] != ',')
      at = labels.find(key, at + 1);
   if (at == std::string_view::npos)
      return "";
   const auto start = at + key.size();
   return std::string(labels.substr(start, labels.find('"', start) - start));
}

Reading read_exposition(std::string_view text, std::int64_t unix_ms) {
   Reading reading;
   reading.unix_ms = unix_ms;
   std::size_t start = 0;
   while (start < text.size()) {
      const auto end = std::min(text.find('\n', start), text.size());
      Line line;
      if (split_line(text.substr(start, end - start), line))
         add_line(reading, line);
      start = end + 1;
   }
   return reading;
}

} // namespace pmat::serve::console
