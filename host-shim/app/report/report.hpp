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
};

struct Rendered {
   std::string output;
   bool gate_passed = true; // no violation of any severity in any file
   std::size_t violations = 0;
};

// Never throws except std::bad_alloc; malformed result objects count as errored files.
Rendered render(const std::vector<FileOutcome> &files, Format format, std::string_view profile);

} // namespace pmat::report
