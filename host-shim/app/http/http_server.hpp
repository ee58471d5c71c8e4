// SPDX-License-Identifier: MIT
// The HTTP/1.1 transport (Boost.Beast on Asio): accepts connections on a fixed pool of I/O
// threads, reads each request under a header deadline and a body deadline and a size limit,
// hands it to the Router, runs work/admin handlers on a separate worker pool so that a long
// analysis never stalls the I/O threads, and drains in-flight requests on SIGTERM/SIGINT.
// This is the only translation unit that includes Beast.
#pragma once

#include "router.hpp"
#include "server_stats.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace pmat::serve {

struct ServerOptions {
   std::string address = "127.0.0.1";
   unsigned short port = 8787;
   std::size_t max_body = 16u << 20;
   unsigned io_threads = 1;
   unsigned workers = 1;
   std::chrono::milliseconds header_timeout{10000};
   std::chrono::milliseconds body_timeout{30000};
   std::chrono::milliseconds write_timeout{30000};
   std::chrono::milliseconds drain_timeout{10000};
};

class HttpServer {
 public:
   HttpServer(ServerOptions options, Router &router, ServerStats &stats,
              std::atomic<bool> &draining);
   ~HttpServer();
   HttpServer(const HttpServer &) = delete;
   HttpServer &operator=(const HttpServer &) = delete;

   // Binds and listens; returns the bound port (useful with port 0). Throws on failure.
   unsigned short listen();

   // Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight requests finish
   // (bounded by drain_timeout) and returns. A second signal stops at once.
   void run();

   struct Impl;

 private:
   std::unique_ptr<Impl> impl_;
};

} // namespace pmat::serve
