// SPDX-License-Identifier: MIT
// Routing with the access rules in one place: each route is one line naming its method, path,
// access class and handler. Open routes are read-only and run inline on an I/O thread; work and
// admin routes take a slot of the concurrency limit (503 + Retry-After when none is left) and
// run on a worker thread; admin routes also need the bearer token (401 otherwise).
#pragma once

#include "http_types.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pmat::serve {

using Handler = std::function<HttpResponse(const HttpRequest &)>;

enum class Access { Open, Work, Admin };

// A taken slot of the concurrency limit, given back when destroyed.
class ConcurrencySlot {
 public:
   ConcurrencySlot() = default;
   explicit ConcurrencySlot(std::atomic<unsigned> *counter) : counter_(counter) {}
   ConcurrencySlot(ConcurrencySlot &&other) noexcept : counter_(other.counter_) {
      other.counter_ = nullptr;
   }
   ConcurrencySlot &operator=(ConcurrencySlot &&other) noexcept;
   ConcurrencySlot(const ConcurrencySlot &) = delete;
   ConcurrencySlot &operator=(const ConcurrencySlot &) = delete;
   ~ConcurrencySlot() { release(); }

 private:
   void release();
   std::atomic<unsigned> *counter_ = nullptr;
};

// What the transport does with one request: send `immediate`, or run `handler` (on a worker
// thread when `offload`) while holding `slot`.
struct Dispatch {
   std::optional<HttpResponse> immediate;
   const Handler *handler = nullptr;
   bool offload = false;
   ConcurrencySlot slot;
   bool saturated = false; // the 503 came from the concurrency limit
};

class Router {
 public:
   Router(std::string admin_token, unsigned max_concurrency);

   void open(std::string method, std::string path, Handler handler);
   void work(std::string method, std::string path, Handler handler);
   void admin(std::string method, std::string path, Handler handler);

   Dispatch route(const HttpRequest &request);

   std::vector<std::string> admin_paths() const;
   unsigned max_concurrency() const { return max_concurrency_; }
   // Work and admin requests holding a slot now.
   unsigned busy() const { return busy_.load(std::memory_order_relaxed); }

 private:
   struct Route {
      std::string method;
      std::string path;
      Access access;
      Handler handler;
   };
   void add(std::string method, std::string path, Access access, Handler handler);
   Dispatch admit(const Route &route);

   std::vector<Route> routes_;
   std::string token_;
   unsigned max_concurrency_;
   std::atomic<unsigned> busy_{0};
};

} // namespace pmat::serve
