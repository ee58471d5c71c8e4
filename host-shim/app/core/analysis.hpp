// Analysis of one file through the shim's C API, shared by the HTTP API and the MCP tools:
// validates the request fields, reads a file under the allowed roots when only a path is given,
// calls pmat_shim_analyze and maps the plugin's status to an ApiError.
#pragma once

#include "allowed_roots.hpp"

#include <pmat/host_shim.h>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace pmat::serve {

struct AnalyzeInput {
   std::string content;
   bool has_content = false;
   std::string language; // empty = detect from the path
   std::string path;     // label for the result; the file to read when there is no content
   std::string engine = "auto";
   std::string profile = "default";
};

// Parses a request body: valid UTF-8, then JSON, then an object. Throws ApiError 400.
boost::json::object parse_json_object(std::string_view body);

// Reads the analyze fields of `request`; wrong types and missing fields throw ApiError 400.
AnalyzeInput analyze_input_from_json(const boost::json::object &request);

// The plugin's per-file result object with the report's quality gate for that file under "gate".
boost::json::object analyze(pmat_shim *shim, const AllowedRoots &roots, std::size_t max_bytes,
                            AnalyzeInput input);

// The plugin's result object for already-read content, as pmat_shim_analyze gives it.
// Throws ApiError mapped from the plugin's status.
boost::json::object analyze_content(pmat_shim *shim, const AnalyzeInput &input);

// The HTTP status for a plugin status: InvalidArgument 400, TooLarge 413, Unsupported 422,
// transient states (not initialised, pool exhausted, rate limited, ...) 503, the rest 500.
unsigned http_status_for(pmat_status status);

} // namespace pmat::serve
