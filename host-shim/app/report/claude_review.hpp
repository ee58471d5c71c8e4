// SPDX-License-Identifier: MIT
#pragma once
// Claude's part of a report: the reviews libpmat_claude.so attached to per-file results
// (`engine: "claude"`, `claude: {summary, risk, findings, ...}`) and the files where Claude was
// wanted but native answered (`fallback_reason`). Advice only: none of it affects the gate.

#include "report.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pmat::report::detail {

struct ClaudeFileReview {
   std::string file;
   std::string risk; // low | medium | high | critical
   std::string summary;
};

struct ClaudeReview {
   std::vector<ClaudeFileReview> files;
   ClaudeUsage usage;
   std::size_t dropped_findings = 0; // `claude.dropped_findings`, summed
   std::vector<ClaudeFinding> findings;
   std::vector<ClaudeRefactoring> refactorings;
   std::map<std::string, std::size_t> fallbacks; // fallback_reason -> files
   // Findings dropped, by why: by the report, "low_confidence" (below min_confidence) and
   // "outside_change" (no changed line in their range); by the plugin (its counts in the
   // result), "unanchored", "duplicate_native", "outside_change", and "fix_not_applicable"
   // (fixes removed from findings that stay).
   std::map<std::string, std::size_t> filtered;
   std::size_t tripping = 0; // kept findings that fail the gate (fail_on_claude)
   [[nodiscard]] bool empty() const { return files.empty() && fallbacks.empty(); }
};

// Adds one analysed file's Claude part, if it has one, keeping only the findings that pass
// `options` (confidence, the change's lines) and marking those that trip the gate. `path` is the
// report's name for the file.
void add_claude_review(ClaudeReview &review, const std::string &path, const FileOutcome &file,
                       const ReportOptions &options);

// The rank of a severity: info 0, warning 1, error 2, critical 3; -1 for anything else.
int severity_rank(const std::string &severity);

// SARIF level of a finding's severity: error and critical -> error, warning, info -> note.
const char *sarif_level(const std::string &severity);

} // namespace pmat::report::detail
