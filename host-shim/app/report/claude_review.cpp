#include "claude_review.hpp"

#include "json_fields.hpp"

#include <algorithm>

namespace pmat::report::detail {
namespace {

void add_usage(ClaudeUsage &usage, const boost::json::object &claude) {
   const auto *value = claude.if_contains("usage");
   if (value != nullptr && value->is_object()) {
      const auto &object = value->get_object();
      usage.input_tokens += number_at(object, "input_tokens");
      usage.output_tokens += number_at(object, "output_tokens");
      usage.cache_read_input_tokens += number_at(object, "cache_read_input_tokens");
      usage.cache_creation_input_tokens += number_at(object, "cache_creation_input_tokens");
   }
   const auto *cost = claude.if_contains("cost_usd");
   if (cost != nullptr && cost->is_number())
      usage.cost_usd += cost->to_number<double>();
}

ClaudeFinding finding_of(const std::string &path, const boost::json::object &finding) {
   const std::int64_t line = line_at(finding);
   const std::int64_t end_line = std::max(line, number_at(finding, "end_line"));
   return {path,
           text_at(finding, "function"),
           line,
           end_line,
           text_at(finding, "severity"),
           text_at(finding, "category"),
           text_at(finding, "message"),
           text_at(finding, "suggestion")};
}

} // namespace

void add_claude_review(ClaudeReview &review, const std::string &path,
                       const boost::json::object &result) {
   const auto *claude = result.if_contains("claude");
   if (text_at(result, "engine") == "claude" && claude != nullptr && claude->is_object()) {
      const auto &object = claude->get_object();
      review.files.push_back({path, text_at(object, "risk"), text_at(object, "summary")});
      add_usage(review.usage, object);
      review.dropped_findings += static_cast<std::size_t>(
          std::max<std::int64_t>(0, number_at(object, "dropped_findings")));
      for_each_object_in(object, "findings", [&](const boost::json::object &finding) {
         review.findings.push_back(finding_of(path, finding));
      });
      for_each_object_in(object, "refactorings", [&](const boost::json::object &refactoring) {
         review.refactorings.push_back({path, line_at(refactoring), text_at(refactoring, "effort"),
                                        text_at(refactoring, "title"),
                                        text_at(refactoring, "description")});
      });
      return;
   }
   const std::string reason = text_at(result, "fallback_reason");
   if (!reason.empty())
      ++review.fallbacks[reason];
}

const char *sarif_level(const std::string &severity) {
   if (severity == "error" || severity == "critical")
      return "error";
   return severity == "warning" ? "warning" : "note";
}

} // namespace pmat::report::detail
