// SPDX-License-Identifier: MIT
#include "claude_review.hpp"

#include "json_fields.hpp"

#include <algorithm>
#include <array>

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

// `end_line`, never before `line`; `line` when missing.
std::int64_t end_line_at(const boost::json::object &object, std::int64_t line) {
   return std::max(line, number_at(object, "end_line"));
}

double confidence_at(const boost::json::object &object) {
   const auto *value = object.if_contains("confidence");
   return value != nullptr && value->is_number() ? value->to_number<double>() : 1.0;
}

std::optional<ClaudeFix> fix_at(const boost::json::object &finding) {
   const auto *value = finding.if_contains("fix");
   if (value == nullptr || !value->is_object())
      return std::nullopt;
   const auto &fix = value->get_object();
   const auto *replacement = fix.if_contains("replacement");
   if (replacement == nullptr || !replacement->is_string())
      return std::nullopt;
   const std::int64_t line = line_at(fix);
   return ClaudeFix{line, end_line_at(fix, line), std::string(replacement->get_string())};
}

ClaudeFinding finding_of(const std::string &path, const boost::json::object &finding) {
   const std::int64_t line = line_at(finding);
   return {path,
           text_at(finding, "function"),
           line,
           end_line_at(finding, line),
           text_at(finding, "severity"),
           text_at(finding, "category"),
           text_at(finding, "message"),
           text_at(finding, "suggestion"),
           confidence_at(finding),
           fix_at(finding),
           false};
}

// Why the report drops `finding`, or nullptr when it keeps it.
const char *filtered_because(const ClaudeFinding &finding, const FileOutcome &file,
                             const ReportOptions &options) {
   if (finding.confidence < options.min_confidence)
      return "low_confidence";
   if (file.changed && !overlaps(*file.changed, finding.line, finding.end_line))
      return "outside_change";
   return nullptr;
}

void add_finding(ClaudeReview &review, ClaudeFinding finding, const FileOutcome &file,
                 const ReportOptions &options) {
   if (const char *why = filtered_because(finding, file, options)) {
      ++review.filtered[why];
      return;
   }
   const int threshold = severity_rank(options.fail_on_claude);
   finding.trips_gate = threshold >= 0 && severity_rank(finding.severity) >= threshold;
   review.tripping += finding.trips_gate ? 1 : 0;
   review.findings.push_back(std::move(finding));
}

// A refactoring outside a change's lines is dropped like a finding (no confidence to filter on).
void add_refactoring(ClaudeReview &review, const std::string &path,
                     const boost::json::object &refactoring, const FileOutcome &file) {
   const std::int64_t line = line_at(refactoring);
   const std::int64_t end_line = end_line_at(refactoring, line);
   if (file.changed && !overlaps(*file.changed, line, end_line)) {
      ++review.filtered["outside_change"];
      return;
   }
   review.refactorings.push_back({path, line, end_line, text_at(refactoring, "effort"),
                                  text_at(refactoring, "title"),
                                  text_at(refactoring, "description")});
}

// What the plugin already dropped from this answer, by the report's reason names.
void add_plugin_drops(ClaudeReview &review, const boost::json::object &claude) {
   static constexpr std::pair<const char *, const char *> k_drops[] = {
       {"dropped_findings", "unanchored"},
       {"dropped_duplicates", "duplicate_native"},
       {"dropped_outside_change", "outside_change"},
       {"dropped_fixes", "fix_not_applicable"}};
   for (const auto &[field, reason] : k_drops) {
      const std::int64_t count = number_at(claude, field);
      if (count > 0)
         review.filtered[reason] += static_cast<std::size_t>(count);
   }
}

void add_reviewed(ClaudeReview &review, const std::string &path, const FileOutcome &file,
                  const boost::json::object &claude, const ReportOptions &options) {
   review.files.push_back({path, text_at(claude, "risk"), text_at(claude, "summary")});
   add_usage(review.usage, claude);
   review.dropped_findings +=
       static_cast<std::size_t>(std::max<std::int64_t>(0, number_at(claude, "dropped_findings")));
   add_plugin_drops(review, claude);
   for_each_object_in(claude, "findings", [&](const boost::json::object &finding) {
      add_finding(review, finding_of(path, finding), file, options);
   });
   for_each_object_in(claude, "refactorings", [&](const boost::json::object &refactoring) {
      add_refactoring(review, path, refactoring, file);
   });
}

} // namespace

void add_claude_review(ClaudeReview &review, const std::string &path, const FileOutcome &file,
                       const ReportOptions &options) {
   const auto *claude = file.result.if_contains("claude");
   if (text_at(file.result, "engine") == "claude" && claude != nullptr && claude->is_object()) {
      add_reviewed(review, path, file, claude->get_object(), options);
      return;
   }
   const std::string reason = text_at(file.result, "fallback_reason");
   if (!reason.empty())
      ++review.fallbacks[reason];
}

int severity_rank(const std::string &severity) {
   static constexpr std::array<std::string_view, 4> k_order{"info", "warning", "error", "critical"};
   const auto found = std::find(k_order.begin(), k_order.end(), severity);
   return found == k_order.end() ? -1 : static_cast<int>(found - k_order.begin());
}

const char *sarif_level(const std::string &severity) {
   if (severity == "error" || severity == "critical")
      return "error";
   return severity == "warning" ? "warning" : "note";
}

} // namespace pmat::report::detail
