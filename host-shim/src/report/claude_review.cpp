#include "claude_review.hpp"

#include "json_fields.hpp"

namespace pmat::report::detail {
namespace {

void add_findings(ClaudeReview &review, const std::string &path,
                  const boost::json::object &claude) {
   const auto *findings = claude.if_contains("findings");
   if (findings == nullptr || !findings->is_array())
      return;
   for (const auto &entry : findings->get_array()) {
      if (!entry.is_object())
         continue;
      const auto &finding = entry.get_object();
      review.findings.push_back({path, text_at(finding, "function"), line_at(finding),
                                 text_at(finding, "severity"), text_at(finding, "category"),
                                 text_at(finding, "message"), text_at(finding, "suggestion")});
   }
}

void add_refactorings(ClaudeReview &review, const std::string &path,
                      const boost::json::object &claude) {
   const auto *refactorings = claude.if_contains("refactorings");
   if (refactorings == nullptr || !refactorings->is_array())
      return;
   for (const auto &entry : refactorings->get_array()) {
      if (!entry.is_object())
         continue;
      const auto &refactoring = entry.get_object();
      review.refactorings.push_back({path, line_at(refactoring), text_at(refactoring, "effort"),
                                     text_at(refactoring, "title"),
                                     text_at(refactoring, "description")});
   }
}

} // namespace

void add_claude_review(ClaudeReview &review, const std::string &path,
                       const boost::json::object &result) {
   const auto *claude = result.if_contains("claude");
   if (text_at(result, "engine") == "claude" && claude != nullptr && claude->is_object()) {
      const auto &object = claude->get_object();
      review.files.push_back({path, text_at(object, "risk"), text_at(object, "summary")});
      add_findings(review, path, object);
      add_refactorings(review, path, object);
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
