// SPDX-License-Identifier: MIT
// A review of a change: the change's files analysed by the core's file loop, each outcome
// carrying the file's changed lines, and the report's options that scope the gate to them.
#pragma once

#include "analyze_files.hpp"
#include "change_set.hpp"

#include <map>
#include <string>

namespace pmat::app {

// Analyses `change.files` through `read` (called with {disk, path()}) and returns one outcome
// per file in order, with `changed` and `renamed_from` set from the diff. As analyze_files.
std::vector<report::FileOutcome> analyze_change(const Session &session, const ChangeSet &change,
                                                const AnalyzeOptions &options,
                                                const ReadSource &read, const ProgressFn &progress,
                                                const std::atomic<bool> &cancel);

// The report's options for a review of `change` with `options`.
report::ReportOptions change_report_options(const AnalyzeOptions &options, const ChangeSet &change);

// For a client's diff (no checkout): the text of each file to analyse, from `contents` (path ->
// the file's new text, checked against the diff) or, for an added file, rebuilt from the diff.
// Throws ApiError 400: missing_content (a modified or renamed file without its text),
// content_mismatch (a text that does not have the lines the diff shows).
std::map<std::string, std::string>
change_contents(const ChangeSet &change, const std::map<std::string, std::string> &contents);

// A reader over change_contents' map (which must outlive it).
ReadSource read_from_contents(const std::map<std::string, std::string> &contents);

// A review of a change sent by a client that has no checkout (the HTTP API, MCP's analyze_diff).
struct DiffRequest {
   std::string diff;                         // a unified diff (git's or diff -u's)
   std::map<std::string, std::string> files; // path after the change -> its new text
   std::string base = "diff";                // what the diff is against, for the report
   AnalyzeOptions options;
};

// A change reviewed: the outcomes and the report's options (with the change) that make its report
// (report::json_report or json_report_text, with "change").
struct ChangeReview {
   std::vector<report::FileOutcome> outcomes;
   report::ReportOptions options;
};

// The review of `request`'s change. Throws ApiError 400: invalid_diff (DiffError's message, with
// the diff's line), missing_content, content_mismatch; a file the plugin refuses is an errored
// file of the report.
ChangeReview review_diff(const Session &session, const DiffRequest &request,
                         const ProgressFn &progress, const std::atomic<bool> &cancel);

} // namespace pmat::app
