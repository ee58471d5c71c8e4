// SPDX-License-Identifier: MIT
// One failure of a request, as both front ends report it: an HTTP status for the HTTP API and
// a stable machine-readable code plus a human message for both HTTP and MCP.
#pragma once

#include <stdexcept>
#include <string>

namespace pmat::app {

struct ApiError : std::runtime_error {
   ApiError(unsigned status, std::string error_code, const std::string &message)
       : std::runtime_error(message), http_status(status), code(std::move(error_code)) {}
   unsigned http_status;
   std::string code; // e.g. "invalid_json", "path_outside_roots", "plugin_unsupported"
};

} // namespace pmat::app
