// SPDX-License-Identifier: MIT
// The one-shot subcommands of pmat-host. Each returns the process exit code (pmat's: 0 ok,
// 1 failure or gate tripped, 2 usage error, 4 configuration error; pmat-host adds 5: Claude was
// required and a file fell back to native).
#pragma once

#include <core/analysis.hpp>

#include <string>
#include <vector>

namespace pmat::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_config = 4;
inline constexpr int k_exit_claude_required = 5;

// `pmat-host analyze`'s arguments: what to analyse and how to report it; the per-request
// options (engine, profile, jobs, ...) are the core's, shared with the HTTP API and MCP.
struct AnalyzeArgs {
   std::vector<std::string> paths; // inputs; with diff_base, git pathspecs (none: everything)
   std::string diff_base;          // non-empty: review the working tree's change against it
   bool include_untracked = false; // with diff_base: untracked files count as added
   std::string emit_patch;         // non-empty: write every kept Claude fix there as one patch
   bool check_args = false;        // only check the arguments (exit 0) and analyse nothing
   std::string format = "json";    // json | text | sarif
   std::string plugin_dir;
   bool fail_on_violation = false;
   bool quiet = false;
   app::AnalyzeOptions options;
};

// Reads the repository's review instructions into the options before it analyses.
int run_analyze(AnalyzeArgs args);
int run_plugins(const std::string &action, const std::string &dir);
int run_metrics(const std::string &format, const std::string &plugin_dir);
// `source` (--source) overrides PMAT_FLAGS_SOURCE for this command; empty keeps it.
int run_flags(const std::vector<std::string> &args, const std::string &plugin_dir,
              const std::string &source);

// `pmat-host fleet`: the hosts sharing the flags source; format "text" (a table) or "json".
int run_fleet(const std::string &plugin_dir, const std::string &source, const std::string &format);

} // namespace pmat::cli
