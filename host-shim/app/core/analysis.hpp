// One analysis request as every front builds it: the per-request options, the source buffer, and
// the one place that turns them into a pmat_analyze_request for the shim's C API.
#pragma once

#include "allowed_roots.hpp"
#include "session.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace pmat::app {

// The options of one analysis, filled by every front (the CLI from its flags, the HTTP API from
// the request body, the MCP tools from their arguments) and read only here and in
// analyze_files. A new per-request option is one member here, one line in plugin_options_json
// when the plugin sees it, and one line in each front's parser.
struct AnalyzeOptions {
   std::string engine = "auto";     // auto | native | claude; the plugin validates it
   std::string profile = "default"; // quality gate profile, for the plugin and for the report
   unsigned jobs = 0;               // files in flight in analyze_files; 0: default_jobs(*this)
};

// The plugin's options_json for one request: {"engine": ..., "profile": ...}.
std::string plugin_options_json(const AnalyzeOptions &options);

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

// The plugin's per-file result object for `source`. Throws ApiError: the plugin's status name as
// the code with its message (HTTP status from http_status_for), or Internal (500) when the plugin
// answered something that is not a JSON object. Thread-safe as the Session is.
boost::json::object analyze_buffer(const Session &session, const SourceBuffer &source,
                                   const AnalyzeOptions &options);

// analyze_buffer, keeping the plugin's answer as text too: `text` is exactly what the plugin
// returned (its result serialised by Boost.JSON) and `result` that text parsed.
struct AnalyzedBuffer {
   boost::json::object result;
   std::string text;
};
AnalyzedBuffer analyze_buffer_keeping_text(const Session &session, const SourceBuffer &source,
                                           const AnalyzeOptions &options);

// The plugin's per-file result object with the report's quality gate for that one file under
// "gate". Reads source.path under `roots` (at most `max_bytes`) when the request has no content;
// throws ApiError as AllowedRoots and analyze_buffer do.
boost::json::object analyze_with_gate(const Session &session, const AllowedRoots &roots,
                                      std::size_t max_bytes, AnalyzeRequest request);

// The HTTP status for a plugin status: InvalidArgument 400, TooLarge 413, Unsupported 422,
// transient states (not initialised, pool exhausted, rate limited, ...) 503, the rest 500.
unsigned http_status_for(pmat_status status);

} // namespace pmat::app
