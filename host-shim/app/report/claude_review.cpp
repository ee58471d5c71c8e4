#include "claude_review.hpp"

#include "json_fields.hpp"

namespace pmat::report::detail {

void add_claude_review(ClaudeReview &review, const std::string &path,
                       const boost::json::object &result) {
   const auto *claude = result.if_contains("claude");
   if (text_at(result, "engine") == "claude" && claude != nullptr && claude->is_object()) {
      const auto &object = claude->get_object();
      review.files.push_back({path, text_at(object, "risk"), text_at(object, "summary")});
      for_each_object_in(object, "findings", [&](const boost::json::object &finding) {
         review.findings.push_back({path, text_at(finding, "function"), line_at(finding),
                                    text_at(finding, "severity"), text_at(finding, "category"),
                                    text_at(finding, "message"), text_at(finding, "suggestion")});
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
