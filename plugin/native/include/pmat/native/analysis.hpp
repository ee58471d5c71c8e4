// SPDX-License-Identifier: MIT
#pragma once
// The native analyzer's entry points.

#include <pmat/native/language.hpp>
#include <pmat/native/result.hpp>

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pmat::native {

// Per-file item limits that keep memory bounded whatever the input size. Counting continues past
// them (functions_total, satd_total, total_complexity stay exact); only the item lists stop.
inline constexpr std::size_t k_max_functions_per_file = 100'000;
inline constexpr std::size_t k_max_satd_per_file = 10'000;

// How comment lines are classified as SATD (docs/native-analyzer.md, "SATD"). Both gate profiles
// use Default; Strict is upstream pmat's strict detector, for callers that want only canonical
// markers reported.
enum class SatdRule : std::uint8_t {
   Default, // a marker (any case) + `:` `(` `[` `!` + a work item, or an admission phrase
   Strict,  // TODO, FIXME, HACK, XXX or BUG in upper case + `: ` + a work item; no phrases
};

struct Options {
   std::string profile = "default"; // gate profile: "default" | "strict"
   SatdRule satd_rule = SatdRule::Default;
};

struct GateThresholds {
   std::uint32_t cyclomatic_warn = 10; // a value above warn is a warning, above error an error
   std::uint32_t cyclomatic_error = 20;
   std::uint32_t cognitive_warn = 15;
   std::uint32_t cognitive_error = 30;
   bool satd_is_error = false; // default: Critical/High SATD are errors, Medium/Low warnings
};

// Thresholds of a named profile; false for an unknown profile name.
bool gate_thresholds(std::string_view profile, GateThresholds &out);

// Typed analysis; never throws except std::bad_alloc. `language` Unknown means "detect".
FileAnalysis analyze(std::string_view path, Language language, std::string_view content,
                     const Options &options);

// Applies the gate to an analysed file, filling `analysis.violations` in the order SATD,
// cyclomatic, cognitive.
void apply_gate(FileAnalysis &analysis, const GateThresholds &thresholds);

// JSON rendering of a typed result (schema: docs/result-schema.md).
boost::json::object to_json(const FileAnalysis &analysis);

// Appends the JSON text of a typed result to `out`, leaving what `out` held before it untouched:
// byte for byte boost::json::serialize(to_json(analysis)), written without building the tree
// (the tests compare the two over the real-code corpora and hostile strings). Strings are written
// as held, escaped as Boost.JSON escapes them, with no UTF-8 check. Reserves room for the whole
// text first, at least doubling the capacity when it grows, so appending many results to one
// string stays linear. Pure: calls on different strings may run concurrently. Throws only
// std::bad_alloc, and then `out` may end in part of the text.
void append_json_text(const FileAnalysis &analysis, std::string &out);

// Analyzes one file; never throws for any input bytes (throws only std::bad_alloc). Binary or
// invalid UTF-8 content gives a result with skipped=true and a skip_reason.
boost::json::object analyze_file(std::string_view path, std::string_view language_hint,
                                 std::string_view content, const Options &options);

} // namespace pmat::native
