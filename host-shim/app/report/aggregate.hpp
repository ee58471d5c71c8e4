// SPDX-License-Identifier: MIT
#pragma once
// The report's data, computed once and shared by the three renderers.

#include "claude_review.hpp"
#include "report.hpp"

#include <boost/json/array.hpp>

#include <cstdint>
#include <map>
#include <string_view>

namespace pmat::report::detail {

// One function of the report; its texts are borrowed from the outcomes given to aggregate().
struct FunctionRef {
   std::string_view file;
   std::string_view name;
   std::int64_t line = 0;
   std::int64_t cyclomatic = 0;
   std::int64_t cognitive = 0;
};

struct Distribution {
   double median = 0;
   std::int64_t max = 0;
   double p90 = 0;
};

struct Report {
   std::string profile;
   ReportOptions options;
   std::size_t total_files = 0; // analysed, not skipped
   std::size_t skipped_files = 0;
   std::size_t errored_files = 0;
   std::vector<FunctionRef> functions;
   Distribution cyclomatic;
   Distribution cognitive;
   double technical_debt_hours = 0;
   // Analysed and skipped files, in order; borrowed from the outcomes given to aggregate().
   // Listed in the report as listed_result() makes them.
   std::vector<const FileOutcome *> files;
   // The violations the gate counts, in file order; borrowed like `files`.
   std::vector<const ResultViolation *> violations;
   std::size_t violations_outside_change = 0; // a change's review: violations not counted
   boost::json::array errors;                 // {path, error} for files that could not be analysed
   std::size_t error_violations = 0;
   std::size_t warning_violations = 0;
   std::size_t satd_items = 0;
   ClaudeReview claude; // empty unless the analyzer was libpmat_claude.so with Claude wanted
};

// The report refers to `files` (Report::files), which must outlive it.
Report aggregate(const std::vector<FileOutcome> &files, const ReportOptions &options);

// A file's result as the report lists it: the analyzer's result and, in a change's review, the
// changed lines and the name at the base appended after the analyzer's members. As text (the
// plugin's own text, extended without parsing it) and as an object (FileResult::json when it was
// kept, else the text parsed).
std::string listed_text(const FileOutcome &file);
boost::json::object listed_result(const FileOutcome &file);

// Up to 10 functions with the highest cyclomatic complexity, ties by file then line.
std::vector<FunctionRef> hotspots(const Report &report);

// The gate of an aggregated report.
Gate gate_of(const Report &report);

boost::json::object render_json_object(const Report &report);
std::string render_json(const Report &report);
void write_json(const WriteFn &write, const Report &report); // render_json in pieces
// The text and SARIF reports; `contents` maps report paths to the texts of files with fixes.
std::string render_text(const Report &report, const std::map<std::string, std::string> &contents);
std::string render_sarif(const Report &report, const std::map<std::string, std::string> &contents);

// The change part of the JSON report: {base, deleted, skipped, renamed}; and of the text report.
boost::json::object change_json(const ChangeScope &change);
std::string change_text(const ChangeScope &change);

// The report's name for a file: the result's `path`, else the outcome's. A reference into `file`.
const std::string &report_path(const FileOutcome &file);

// Every kept fix of `report` as one git patch; `contents` maps report paths to file texts.
std::string patch_of(const Report &report, const std::map<std::string, std::string> &contents);

// One fix as unified-diff lines ("-old", "+new"), against `content`; empty when the fix names
// lines `content` does not have.
std::vector<std::string> fix_diff_lines(const std::string &content, const ClaudeFix &fix);

} // namespace pmat::report::detail
