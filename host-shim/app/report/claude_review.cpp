// SPDX-License-Identifier: MIT
#include "claude_review.hpp"

#include <algorithm>
#include <array>

namespace pmat::report::detail {
namespace {

void add_usage(ClaudeUsage &usage, const ClaudeUsage &more) {
   usage.input_tokens += more.input_tokens;
   usage.output_tokens += more.output_tokens;
   usage.cache_read_input_tokens += more.cache_read_input_tokens;
   usage.cache_creation_input_tokens += more.cache_creation_input_tokens;
   usage.cost_usd += more.cost_usd;
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
void add_refactoring(ClaudeReview &review, const std::string &path, ClaudeRefactoring refactoring,
                     const FileOutcome &file) {
   if (file.changed && !overlaps(*file.changed, refactoring.line, refactoring.end_line)) {
      ++review.filtered["outside_change"];
      return;
   }
   refactoring.file = path;
   review.refactorings.push_back(std::move(refactoring));
}

// What the plugin already dropped from this answer, by the report's reason names.
void add_plugin_drops(ClaudeReview &review, const ClaudeAnswer &claude) {
   const std::pair<std::int64_t, const char *> drops[] = {
       {claude.dropped_findings, "unanchored"},
       {claude.dropped_duplicates, "duplicate_native"},
       {claude.dropped_outside_change, "outside_change"},
       {claude.dropped_fixes, "fix_not_applicable"}};
   for (const auto &[count, reason] : drops) {
      if (count > 0)
         review.filtered[reason] += static_cast<std::size_t>(count);
   }
}

void add_reviewed(ClaudeReview &review, const std::string &path, const FileOutcome &file,
                  const ClaudeAnswer &claude, const ReportOptions &options) {
   review.files.push_back({path, claude.risk, claude.summary});
   add_usage(review.usage, claude.usage);
   review.dropped_findings +=
       static_cast<std::size_t>(std::max<std::int64_t>(0, claude.dropped_findings));
   add_plugin_drops(review, claude);
   for (ClaudeFinding finding : claude.findings) {
      finding.file = path;
      add_finding(review, std::move(finding), file, options);
   }
   for (const auto &refactoring : claude.refactorings)
      add_refactoring(review, path, refactoring, file);
}

} // namespace

void add_claude_review(ClaudeReview &review, const std::string &path, const FileOutcome &file,
                       const ReportOptions &options) {
   if (file.result.engine == "claude" && file.result.claude) {
      add_reviewed(review, path, file, *file.result.claude, options);
      return;
   }
   if (!file.result.fallback_reason.empty())
      ++review.fallbacks[file.result.fallback_reason];
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
