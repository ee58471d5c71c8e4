// SPDX-License-Identifier: MIT
// The HTTP API's routes and their handlers. Adding an admin route is one line in routes.cpp.
#pragma once

#include "console_feed.hpp"
#include "router.hpp"
#include "server_stats.hpp"

#include <core/allowed_roots.hpp>
#include <core/session.hpp>

#include <atomic>

namespace pmat::serve {

struct ServiceContext {
   const app::Session &session;
   const app::AllowedRoots &roots;
   std::size_t max_body;
   ServerStats &stats;
   const std::atomic<bool> &draining; // set on SIGTERM/SIGINT: /readyz answers 503
   const ConsoleFeed &console;        // the status page's readings and state
};

void install_routes(Router &router, const ServiceContext &context);

} // namespace pmat::serve
