// SPDX-License-Identifier: MIT
// Routing with the access rules in one place: each route is one line naming its method, path,
// access class and handler. Open routes are read-only and run inline on an I/O thread; work and
// admin routes go through the router's admission control (admission.hpp: a slot, or a bounded
// wait for one, else 503 + Retry-After) and run on a worker thread; admin routes also need the
// bearer token (401 otherwise).
#pragma once

#include "admission.hpp"
#include "http_types.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pmat::serve {

using Handler = std::function<HttpResponse(const HttpRequest &)>;

enum class Access { Open, Work, Admin };

// What the transport does with one request: send `immediate`, or run `handler`: inline, or when
// `offload` on a worker thread once admission() has given it a slot.
struct Dispatch {
   std::optional<HttpResponse> immediate;
   const Handler *handler = nullptr;
   bool offload = false;
};

class Router {
 public:
   Router(std::string admin_token, Admission::Limits limits);

   void open(std::string method, std::string path, Handler handler);
   void work(std::string method, std::string path, Handler handler);
   void admin(std::string method, std::string path, Handler handler);

   Dispatch route(const HttpRequest &request);

   std::vector<std::string> admin_paths() const;
   // The slots and queue of the work and admin routes; lives as long as the router.
   Admission &admission() { return admission_; }
   const Admission &admission() const { return admission_; }

 private:
   struct Route {
      std::string method;
      std::string path;
      Access access;
      Handler handler;
   };
   void add(std::string method, std::string path, Access access, Handler handler);

   std::vector<Route> routes_;
   std::string token_;
   Admission admission_;
};

} // namespace pmat::serve
