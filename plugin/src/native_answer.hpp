// SPDX-License-Identifier: MIT
// The native analyzer's answer to one request: its JSON text, serialised once from the typed
// FileAnalysis (or the cache's copy of that text), and the few facts the rest of the request
// reads from it (the rollout metrics, Claude's language and the findings it must not repeat).
#pragma once

#include <pmat/native/analysis.hpp>

#include <boost/json/array.hpp>

#include <string>
#include <string_view>

namespace pmat::plugin {

struct NativeAnswer {
   std::string text;   // docs/result-schema.md's per-file object as the native analyzer writes it
   std::string source; // where it came from: "computed", "l1", "l2", "shared" or "uncached"
   bool skipped = false;
   std::string language;    // the analyzer's language name ("c", "python", ...)
   std::string skip_reason; // empty unless skipped
   // The native violations, {line, rule, function, message} each, for Claude's prompt.
   boost::json::array findings;
};

// What pmat::native::analyze_file returns, as the typed FileAnalysis: the language hint is a
// language name (empty: detect), an unknown name gives a skipped result, and an unexpected
// exception from the analyzer a skipped "internal error: ..." result. Throws only std::bad_alloc.
pmat::native::FileAnalysis analyze_native(std::string_view path, std::string_view language_hint,
                                          std::string_view content,
                                          const pmat::native::Options &options);

// The answer of an analysis computed by this request: its text written once, straight from the
// typed result (pmat::native::append_json_text: the bytes of to_json serialised).
NativeAnswer answer_of(const pmat::native::FileAnalysis &analysis, std::string source);

// The answer of a cached text (a cache entry holds what answer_of wrote): parsed once, for its
// facts. Throws StatusError(PMAT_STATUS_INTERNAL) when the text is not a JSON object.
NativeAnswer answer_of_text(std::string text, std::string source);

} // namespace pmat::plugin
