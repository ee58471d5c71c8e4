// SPDX-License-Identifier: MIT
// The parallel file loop every front uses for more than one file (`pmat-host analyze`, the MCP
// tool analyze_path): each file read, analysed through the session and turned into a report
// outcome, on a few threads, with ordered progress and cancellation between files.
#pragma once

#include "allowed_roots.hpp"
#include "analysis.hpp"
#include "file_feed.hpp"
#include "session.hpp"
#include "source_walker.hpp"

#include <report/report.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace pmat::app {

// Reads one walked file. Throws on failure: an ApiError becomes the file's error as
// "<code>: <message>", any other std::exception as its what().
using ReadSource = std::function<std::string(const SourceFile &file)>;

// The file from disk, whole (the CLI's reader): throws std::runtime_error "cannot open file" or
// "cannot read file".
std::string read_source_file(const SourceFile &file);

// A reader that accepts only files whose real path is under `roots` (a walked file may be a
// symlink out of them: ApiError 403) and reads at most `max_bytes` (ApiError 413 above). The
// reader refers to `roots`, which must outlive it.
ReadSource read_under_roots(const AllowedRoots &roots, std::size_t max_bytes);

// Where a run is after one more file: `done` of `total` files, `bytes` read for that file (0 when
// it could not be read). While a walk is still feeding the run, `total` is the files known so far.
struct FileProgress {
   std::size_t done = 0;
   std::size_t total = 0;
   std::size_t bytes = 0;
};

// Called once per file, after it, from a worker thread; calls never overlap and `done` counts
// 1, 2, ... total (a cancelled run stops early).
using ProgressFn = std::function<void(const FileProgress &progress)>;

// Files in flight when options.jobs is 0: one per core for the native engine; when Claude may
// answer, at least 16, so that the plugin can batch files into shared requests (Claude calls
// wait on the network, not the CPU).
std::size_t default_jobs(const AnalyzeOptions &options);

// Analyses every file once, on min(jobs, files) threads, within the run's Claude budget
// (options.max_cost_usd, else the configured claude.max_cost_usd: see cost_budget.hpp), and
// returns one outcome per file in the order of `files`: the plugin's result, or the error that
// stopped that file (unreadable file, plugin failure). Never throws for one file's failure;
// throws std::invalid_argument before any file when the configured budget is malformed. When
// `cancel` becomes true, files not yet started are left as default outcomes (no path, no
// result: the report counts them as errored). Returns when every started file is done.
std::vector<report::FileOutcome> analyze_files(const Session &session,
                                               const std::vector<SourceFile> &files,
                                               const AnalyzeOptions &options,
                                               const ReadSource &read, const ProgressFn &progress,
                                               const std::atomic<bool> &cancel);

// The same over files that may still be arriving: the threads take files from `files` as they
// come and write each outcome into the feed (FileFeed::take_outcomes gives them in order).
// Returns once the feed is closed and every file taken is done, or, after `cancel`, once every
// started file is done. An open feed gets one thread per job; a closed one no more than it holds.
void analyze_files(const Session &session, FileFeed &files, const AnalyzeOptions &options,
                   const ReadSource &read, const ProgressFn &progress,
                   const std::atomic<bool> &cancel);

} // namespace pmat::app
