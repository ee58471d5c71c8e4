// The HTTP API's routes and their handlers. Adding an admin route is one line in routes.cpp.
#pragma once

#include "router.hpp"
#include "server_stats.hpp"
#include <core/allowed_roots.hpp>

#include <pmat/host_shim.h>

#include <atomic>

namespace pmat::serve {

struct ServiceContext {
   pmat_shim *shim;
   const AllowedRoots &roots;
   std::size_t max_body;
   ServerStats &stats;
   const std::atomic<bool> &draining; // set on SIGTERM/SIGINT: /readyz answers 503
};

void install_routes(Router &router, const ServiceContext &context);

} // namespace pmat::serve
