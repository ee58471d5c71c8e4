// SPDX-License-Identifier: MIT
// One analysis request as every front builds it: the per-request options, the source buffer, and
// the one place that turns them into a pmat_analyze_request for the shim's C API.
#pragma once

#include "allowed_roots.hpp"
#include "session.hpp"

#include <report/report.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pmat::app {

// The options of one analysis, filled by every front (the CLI from its flags, the HTTP API from
// the request body, the MCP tools from their arguments) and read only here and in
// analyze_files. A new per-request option is one member here, one line in plugin_options_json
// when the plugin sees it, and one line in each front's parser.
struct AnalyzeOptions {
   std::string engine = "auto";     // auto | native | claude; the plugin validates it
   std::string profile = "default"; // quality gate profile, for the plugin and for the report
   unsigned jobs = 0;               // files in flight in analyze_files; 0: default_jobs(*this)
   // Claude's findings below this confidence (0..1) are dropped from the report and counted.
   double min_confidence = 0.6;
   // Empty: Claude's findings never fail the gate; else info | warning | error | critical: a
   // kept finding at or above it fails the gate like a native violation.
   std::string fail_on_claude;
   // A review of a change: the file's changed lines, for Claude (marked in its prompt; findings
   // elsewhere dropped). Set per file by analyze_change; nullopt: the whole file.
   std::optional<std::vector<report::LineSpan>> changed_lines;
   // The repository's review instructions (review_instructions.hpp), sent to Claude with every
   // request; empty: none.
   std::string instructions;
   std::string model;              // Claude's model; empty: the plugin's default
   unsigned timeout_ms = 0;        // Claude's deadline per file; 0: the plugin's default
   unsigned max_output_tokens = 0; // Claude's output budget per file; 0: the plugin's default
   double max_cost_usd = 0;        // the run's Claude budget (analyze_files); 0: no budget
   bool require_claude = false;    // a native answer where Claude was wanted is a failure
   // Not sent to the plugin: keep each result's parsed object (report::FileResult::json) as
   // well as its typed fields, for a front that embeds results in a JSON document of its own
   // (the MCP tools' structuredContent).
   bool keep_result_json = false;
};

// Why `options` cannot be used ("min_confidence must be between 0 and 1", ...), or empty. Each
// front turns it into its own usage error.
std::string options_error(const AnalyzeOptions &options);

// The report's options for a run with `options` (no change under review).
report::ReportOptions report_options(const AnalyzeOptions &options);

// The plugin's options_json for one request: {"engine", "profile"} and, when set, "model",
// "timeout_ms", "max_output_tokens", "changed_lines" and "instructions".
std::string plugin_options_json(const AnalyzeOptions &options);

// Parses a --claude-timeout / "claude_timeout" value in seconds (decimals allowed, > 0, at most
// one hour) into milliseconds. Throws std::invalid_argument naming `what` otherwise.
unsigned timeout_ms_from_seconds(double seconds, const std::string &what);

// Checks a cost cap in USD (finite, >= 0). Throws std::invalid_argument naming `what`.
double checked_cost_cap(double usd, const std::string &what);

// The configured cap: configuration key `claude.max_cost_usd`, read from its environment variable
// PMAT_CLAUDE_MAX_COST_USD (pmat-host passes no config file); 0 when unset or empty. Throws
// std::invalid_argument naming the variable when it is not a number of USD, 0 or more.
double configured_max_cost_usd();

// One source buffer.
struct SourceBuffer {
   std::string path;     // the result's label and the language hint; may be empty
   std::string language; // empty: the plugin detects it from `path`
   std::string content;  // the bytes to analyse, as read
};

// One request of the HTTP API or of the MCP tool analyze_code: a buffer, or (has_content false)
// a file named by source.path under the allowed roots.
struct AnalyzeRequest {
   SourceBuffer source;
   bool has_content = false;
   AnalyzeOptions options;
};

// The plugin's per-file result for `source`, its JSON text parsed once into the typed
// report::FileResult (keeping the object too with options.keep_result_json). Throws ApiError: the
// plugin's status name as the code with its message (HTTP status from http_status_for), or
// Internal (500) when the plugin answered something that is not a JSON object. Thread-safe as
// the Session is.
report::FileResult analyze_buffer(const Session &session, const SourceBuffer &source,
                                  const AnalyzeOptions &options);
// The same with the options already written as plugin_options_json(options) gives them (a run
// of many files writes them once).
report::FileResult analyze_buffer(const Session &session, const SourceBuffer &source,
                                  const AnalyzeOptions &options, const std::string &plugin_options);

// Throws ApiError 503 "claude_unavailable" naming the fallback reason when options ask for
// Claude (require_claude) and `result` is a native answer where Claude was wanted.
void check_claude_answered(const report::FileResult &result, const AnalyzeOptions &options);

// One file's result with the report's quality gate for that one file under "gate": `text` is the
// plugin's JSON text with the member appended (what serialising the result object with "gate"
// added writes), `json` that object when options.keep_result_json was set.
struct GatedResult {
   std::string text;
   std::optional<boost::json::object> json;
};

// The plugin's per-file result with its gate; with require_claude, a fallback throws as
// check_claude_answered. Reads source.path under `roots` (at most `max_bytes`) when the request
// has no content; throws ApiError as AllowedRoots and analyze_buffer do.
GatedResult analyze_with_gate(const Session &session, const AllowedRoots &roots,
                              std::size_t max_bytes, AnalyzeRequest request);

// The HTTP status for a plugin status: InvalidArgument 400, TooLarge 413, Unsupported 422,
// transient states (not initialised, pool exhausted, rate limited, ...) 503, the rest 500.
unsigned http_status_for(pmat_status status);

} // namespace pmat::app
