// SPDX-License-Identifier: MIT
#pragma once
// One file's analyzer result (docs/result-schema.md) as the report, the gate and the fronts read
// it: read once from the plugin's JSON text into typed fields, with the text kept as the file's
// entry in a JSON report. Reads are tolerant, because a report must render whatever a plugin
// returned: a missing or mistyped field reads as empty / 0 (a line as 1; a number that no 64-bit
// integer holds exactly, such as 1.5, is mistyped where an integer is read), array elements that
// are not objects are skipped, and a result without a `functions` array is a malformed result that
// the report counts as an errored file.

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::report {

struct ResultFunction {
   std::string name;
   std::int64_t line_start = 0;
   std::int64_t line_end = 0;
   std::int64_t cyclomatic = 0; // metrics.cyclomatic
   std::int64_t cognitive = 0;  // metrics.cognitive

   bool operator==(const ResultFunction &) const = default;
};

// One gate violation; written back to JSON with the native analyzer's members in its order
// (severity, rule, message, value, threshold, file, line, and function when not empty).
struct ResultViolation {
   std::string severity; // "error" or "warning"
   std::string rule;     // satd, cyclomatic-complexity, cognitive-complexity
   std::string message;
   std::int64_t value = 0;
   std::int64_t threshold = 0;
   std::string file;
   std::int64_t line = 0; // as the result gives it (0 when missing)
   std::string function;  // empty: not about a function

   bool operator==(const ResultViolation &) const = default;
};

// A replacement for lines `line`..`end_line` of the file (docs/result-schema.md, `fix`): the
// replacement's lines take their place; an empty replacement deletes them.
struct ClaudeFix {
   std::int64_t line = 1;
   std::int64_t end_line = 1;
   std::string replacement;
};

struct ClaudeFinding {
   std::string file;     // the report's name of the file; empty in a FileResult
   std::string function; // empty for a file-level finding
   std::int64_t line = 1;
   std::int64_t end_line = 1; // `line` when the result has none
   std::string severity;      // info | warning | error | critical
   std::string category;      // complexity | correctness | security | ...
   std::string message;
   std::string suggestion;
   double confidence = 1.0; // 1 when the result has none (an older plugin)
   std::optional<ClaudeFix> fix;
   bool trips_gate = false; // at or above ReportOptions::fail_on_claude
};

struct ClaudeRefactoring {
   std::string file; // the report's name of the file; empty in a FileResult
   std::int64_t line = 1;
   std::int64_t end_line = 1;
   std::string effort; // small | medium | large
   std::string title;
   std::string description;
};

// What Claude's answers cost, summed over a run's results (`claude.usage`, `claude.cost_usd`);
// cache hits carry zero, so the sum is what the run spent.
struct ClaudeUsage {
   std::int64_t input_tokens = 0;
   std::int64_t output_tokens = 0;
   std::int64_t cache_read_input_tokens = 0;
   std::int64_t cache_creation_input_tokens = 0;
   double cost_usd = 0;
};

// The `claude` member: Claude's review of the file.
struct ClaudeAnswer {
   std::string risk; // low | medium | high | critical
   std::string summary;
   ClaudeUsage usage;
   // What the plugin already dropped from the answer: unanchored findings, duplicates of native
   // violations, findings outside the change, fixes it could not apply.
   std::int64_t dropped_findings = 0;
   std::int64_t dropped_duplicates = 0;
   std::int64_t dropped_outside_change = 0;
   std::int64_t dropped_fixes = 0;
   std::vector<ClaudeFinding> findings;
   std::vector<ClaudeRefactoring> refactorings;
};

struct FileResult {
   // The plugin's answer as it gave it; the JSON report writes it as the file's entry.
   std::string text;
   bool well_formed = false; // a JSON object with a `functions` array
   std::optional<std::string> path;
   bool skipped = false;
   std::string engine;          // "native" or "claude"; empty when missing
   std::string fallback_reason; // empty when missing
   std::vector<ResultFunction> functions;
   std::vector<std::string> satd_severities; // each SATD item's severity (Low ... Critical)
   std::vector<ResultViolation> violations;
   std::optional<ClaudeAnswer> claude; // set when `claude` is an object
   // The parsed object, kept only when parse_file_result was asked to (a front that embeds the
   // result in a JSON document of its own: the MCP tools' structuredContent).
   std::optional<boost::json::object> json;

   // True when Claude proposed a fix for the file (the report then needs its text).
   [[nodiscard]] bool has_fixes() const;
   // `claude.cost_usd`, 0 without it.
   [[nodiscard]] double cost_usd() const;
};

// `text` read into a FileResult; nullopt when it is not a JSON object (`error` then says
// "not JSON (<Boost.JSON's message>)" or "not a JSON object"). Read straight from the text by a
// streaming parser, except an answer with a `claude` object and a call with `keep_json`, which are
// read from the parsed object; both reads give the same members. Keeps no state between calls:
// safe on any number of threads at once. Never throws except std::bad_alloc.
std::optional<FileResult> parse_file_result(std::string text, bool keep_json, std::string &error);

// Appends "key":value before the closing brace of `object_text`, a JSON object's text (whitespace
// around and inside the braces allowed, e.g. a FileResult's text): for a text Boost.JSON wrote,
// what serialising the object with the member added at its end writes. The key must not be in
// the object yet.
void append_member(std::string &object_text, std::string_view key, const boost::json::value &value);

// A violation as the native analyzer writes it.
boost::json::object violation_json(const ResultViolation &violation);

} // namespace pmat::report
