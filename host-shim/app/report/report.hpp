// SPDX-License-Identifier: MIT
#pragma once
// Aggregates per-file analyzer results (file_result.hpp: the plugin's JSON text, parsed once into
// typed fields) into pmat's complexity report and renders it as JSON, text or SARIF.

#include "change_scope.hpp"
#include "file_result.hpp"

#include <boost/json/object.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pmat::report {

enum class Format { Json, Text, Sarif };

struct FileOutcome {
   FileOutcome() = default;
   FileOutcome(std::string file_path, FileResult file_result, std::string file_error)
       : path(std::move(file_path)), result(std::move(file_result)), error(std::move(file_error)) {}

   std::string path;
   FileResult result; // the analyzer's per-file result; empty when `error` is set
   std::string error; // non-empty: the file could not be analysed
   // The lines that changed, when the run reviews a change (ReportOptions::change is set); the
   // gate then counts only this file's violations that touch them. nullopt: the whole file.
   std::optional<std::vector<LineSpan>> changed;
   std::string renamed_from; // the file's name at the base, when the change renamed it
   // The file's text as analysed, kept when Claude proposed fixes for it (for the text report's
   // diffs and the patch); empty otherwise.
   std::string content;
};

// How a report is made, beyond the files: the gate's profile, the change under review, and how
// Claude's findings are filtered and whether they may fail the gate.
struct ReportOptions {
   std::string profile = "default";
   // Set for a review of a change: the gate counts only violations in functions that overlap
   // changed lines (and SATD on changed lines); Claude's findings outside them are dropped.
   std::optional<ChangeScope> change;
   double min_confidence = 0.6; // Claude findings below this confidence are dropped and counted
   // Empty: Claude's findings never fail the gate. Else a severity (info, warning, error,
   // critical): a kept finding at or above it fails the gate like a native violation.
   std::string fail_on_claude;
};

// The quality gate over a set of files: it passes when no analysed file has a violation of any
// severity (skipped and errored files have none) and, with ReportOptions::fail_on_claude, no
// kept Claude finding is at or above that severity.
struct Gate {
   std::string profile;
   bool passed = true;
   std::size_t violations = 0; // errors + warnings (counted ones only)
   std::size_t errors = 0;
   std::size_t warnings = 0;
   bool changed_lines_only = false; // a review of a change: only violations touching it count
   std::size_t not_counted = 0;     // violations outside the changed lines
   std::size_t claude_findings = 0; // Claude findings that tripped the gate (fail_on_claude)
};

struct Rendered {
   std::string output;
   Gate gate;
};

// Never throws except std::bad_alloc; malformed results count as errored files.
Rendered render(const std::vector<FileOutcome> &files, Format format, const ReportOptions &options);
Rendered render(const std::vector<FileOutcome> &files, Format format, std::string_view profile);

// Receives a report's text piece by piece, in order.
using WriteFn = std::function<void(std::string_view piece)>;

// render's output handed to `write` in pieces instead of returned whole; the pieces joined are
// render(...).output. The JSON report's file entries go out as the plugin wrote them, never
// copied into one string (gnulib x10's report is 14.5 MB). Returns render's gate. Throws what
// `write` throws, and std::bad_alloc.
Gate render_to(const std::vector<FileOutcome> &files, Format format, const ReportOptions &options,
               const WriteFn &write);

// The report as a JSON object: what render(..., Format::Json, ...) serialises. For callers that
// add to the report or embed it (the MCP tool analyze_path) without a text round trip.
boost::json::object json_report(const std::vector<FileOutcome> &files,
                                const ReportOptions &options);
boost::json::object json_report(const std::vector<FileOutcome> &files, std::string_view profile);
// The same report as text: what serialising json_report's object writes (render's JSON output
// without its final newline), written from the files' own texts.
std::string json_report_text(const std::vector<FileOutcome> &files, const ReportOptions &options);

// The gate alone, from the same aggregation as the report (the HTTP API's and analyze_code's
// per-file "gate"). Never throws except std::bad_alloc.
Gate evaluate_gate(const std::vector<FileOutcome> &files, const ReportOptions &options);
Gate evaluate_gate(const std::vector<FileOutcome> &files, std::string_view profile);

// Every kept Claude fix of the report as one patch in git's format (a/ and b/ prefixes, three
// lines of context) that `git apply` accepts from the repository root; empty when there is none.
// Fixes that overlap an earlier fix of the same file, or name lines the file does not have, are
// left out.
std::string fixes_patch(const std::vector<FileOutcome> &files, const ReportOptions &options);

// The report's "gate" object: {"profile", "passed", "violations", "errors", "warnings"}.
boost::json::object gate_json(const Gate &gate);

} // namespace pmat::report
