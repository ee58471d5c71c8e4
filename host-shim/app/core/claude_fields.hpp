// SPDX-License-Identifier: MIT
// The Claude knobs as request fields, shared by the HTTP API's body and the MCP tools'
// arguments: "model" (string), "claude_timeout" (seconds, decimals allowed), "max_output_tokens"
// (integer), "max_cost_usd" (USD), "require_claude" (boolean).
#pragma once

#include "analysis.hpp"

#include <boost/json/object.hpp>

namespace pmat::app {

// Reads the fields present in `request` into `options`; absent or null fields leave it alone.
// Throws ApiError 400 "invalid_field" naming the field when one has the wrong type or value.
void read_claude_fields(const boost::json::object &request, AnalyzeOptions &options);

} // namespace pmat::app
