// The HTTP API's request bodies: a JSON object in valid UTF-8, and POST /v1/analyze's fields
// turned into the core's AnalyzeRequest.
#pragma once

#include <core/analysis.hpp>

#include <boost/json/object.hpp>

#include <string_view>

namespace pmat::serve {

// Parses a request body: valid UTF-8, then JSON, then an object. Throws ApiError 400
// (invalid_utf8 with the offset, invalid_json).
boost::json::object parse_json_object(std::string_view body);

// Reads the analyze fields of `request` (content, language, path, engine, profile); wrong types
// and a body with neither content nor path throw ApiError 400.
app::AnalyzeRequest analyze_request_from_json(const boost::json::object &request);

} // namespace pmat::serve
