// SPDX-License-Identifier: MIT
#include "router.hpp"

#include "admin_token.hpp"

#include <boost/json/serialize.hpp>

namespace pmat::serve {

HttpResponse error_response(unsigned status, const std::string &code, const std::string &message) {
   HttpResponse response;
   response.status = status;
   response.body = boost::json::serialize(
       boost::json::object{{"error", {{"code", code}, {"message", message}}}});
   return response;
}

HttpResponse json_response(unsigned status, std::string body) {
   HttpResponse response;
   response.status = status;
   response.body = std::move(body);
   return response;
}

Router::Router(std::string admin_token, Admission::Limits limits)
    : token_(std::move(admin_token)), admission_(limits) {}

void Router::add(std::string method, std::string path, Access access, Handler handler) {
   routes_.push_back({std::move(method), std::move(path), access, std::move(handler)});
}

void Router::open(std::string method, std::string path, Handler handler) {
   add(std::move(method), std::move(path), Access::Open, std::move(handler));
}

void Router::work(std::string method, std::string path, Handler handler) {
   add(std::move(method), std::move(path), Access::Work, std::move(handler));
}

void Router::admin(std::string method, std::string path, Handler handler) {
   add(std::move(method), std::move(path), Access::Admin, std::move(handler));
}

std::vector<std::string> Router::admin_paths() const {
   std::vector<std::string> paths;
   for (const auto &route : routes_)
      if (route.access == Access::Admin)
         paths.push_back(route.method + " " + route.path);
   return paths;
}

Dispatch Router::route(const HttpRequest &request) {
   std::string allowed;
   for (const auto &route : routes_) {
      if (route.path != request.path)
         continue;
      if (route.method != request.method) {
         allowed += (allowed.empty() ? "" : ", ") + route.method;
         continue;
      }
      if (route.access == Access::Admin && !bearer_matches(request.authorization, token_)) {
         Dispatch refused;
         refused.immediate = error_response(401, "unauthorized",
                                            "this admin endpoint needs 'Authorization: Bearer "
                                            "<token>' (the token is in the admin-token file)");
         refused.immediate->headers.emplace_back("WWW-Authenticate", "Bearer realm=\"pmat\"");
         return refused;
      }
      return Dispatch{std::nullopt, &route.handler, route.access != Access::Open};
   }
   Dispatch unmatched;
   if (allowed.empty()) {
      unmatched.immediate = error_response(404, "not_found", "no route for " + request.path);
   } else {
      unmatched.immediate = error_response(405, "method_not_allowed",
                                           request.method + " is not allowed on " + request.path +
                                               " (allowed: " + allowed + ")");
      unmatched.immediate->headers.emplace_back("Allow", allowed);
   }
   return unmatched;
}

} // namespace pmat::serve
