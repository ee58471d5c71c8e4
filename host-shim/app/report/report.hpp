#pragma once
// Aggregates per-file analyzer results (the native analyzer's JSON objects, see
// docs/result-schema.md) into pmat's complexity report and renders it as JSON, text or SARIF.

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::report {

enum class Format { Json, Text, Sarif };

struct FileOutcome {
   std::string path;
   boost::json::object result; // the analyzer's per-file object; empty when `error` is set
   std::string error;          // non-empty: the file could not be analysed
   // Optional: `result` as the analyzer's own JSON text (boost::json::serialize of the same
   // object, which is what the plugin returns). When set, the JSON report writes it as the file's
   // entry instead of serialising `result` again; the bytes are the same.
   std::string text = {};
};

// The quality gate over a set of files: it passes when no analysed file has a violation of any
// severity (skipped and errored files have none). Claude's findings never count.
struct Gate {
   std::string profile;
   bool passed = true;
   std::size_t violations = 0; // errors + warnings
   std::size_t errors = 0;
   std::size_t warnings = 0;
};

struct Rendered {
   std::string output;
   Gate gate;
};

// Never throws except std::bad_alloc; malformed result objects count as errored files.
Rendered render(const std::vector<FileOutcome> &files, Format format, std::string_view profile);

// The report as a JSON object: what render(..., Format::Json, ...) serialises. For callers that
// add to the report or embed it (the MCP tool analyze_path) without a text round trip.
boost::json::object json_report(const std::vector<FileOutcome> &files, std::string_view profile);

// The gate alone, from the same aggregation as the report (the HTTP API's and analyze_code's
// per-file "gate"). Never throws except std::bad_alloc.
Gate evaluate_gate(const std::vector<FileOutcome> &files, std::string_view profile);

// The report's "gate" object: {"profile", "passed", "violations", "errors", "warnings"}.
boost::json::object gate_json(const Gate &gate);

} // namespace pmat::report
