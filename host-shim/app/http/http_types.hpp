// SPDX-License-Identifier: MIT
// Plain request and response values between the Beast transport (http_server.cpp, the only
// Beast translation unit) and the routes, so that routing and handlers compile without Beast.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace pmat::serve {

struct HttpRequest {
   std::string method; // "GET", "POST", ...
   std::string path;   // target without the query string
   std::string authorization;
   std::string accept;
   std::string body;
};

struct HttpResponse {
   unsigned status = 200;
   std::string content_type = "application/json";
   std::string body;
   std::vector<std::pair<std::string, std::string>> headers;
};

// {"error": {"code": ..., "message": ...}} with `status`.
HttpResponse error_response(unsigned status, const std::string &code, const std::string &message);
HttpResponse json_response(unsigned status, std::string body);

} // namespace pmat::serve
