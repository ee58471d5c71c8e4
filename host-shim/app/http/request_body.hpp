// SPDX-License-Identifier: MIT
// The HTTP API's request bodies: a JSON object in valid UTF-8, and POST /v1/analyze's fields
// turned into the core's AnalyzeRequest.
#pragma once

#include <core/analysis.hpp>
#include <core/analyze_change.hpp>

#include <boost/json/object.hpp>

#include <string_view>

namespace pmat::serve {

// Parses a request body: valid UTF-8, then JSON, then an object. Throws ApiError 400
// (invalid_utf8 with the offset, invalid_json).
boost::json::object parse_json_object(std::string_view body);

// Reads the analyze fields of `request` (content, language, path, and the options: engine,
// profile, min_confidence, fail_on_claude); wrong types, unusable options and a body with
// neither content nor path throw ApiError 400.
app::AnalyzeRequest analyze_request_from_json(const boost::json::object &request);

// True when the body asks for the review of a diff (it has a "diff" field).
bool is_diff_request(const boost::json::object &request);

// Reads a diff request: diff (string), files ({path: text}, optional), base (string, optional)
// and the options as analyze_request_from_json; wrong types throw ApiError 400.
app::DiffRequest diff_request_from_json(const boost::json::object &request);

} // namespace pmat::serve
