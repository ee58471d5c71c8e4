// SPDX-License-Identifier: MIT
// Single-flight (Go's x/sync/singleflight): concurrent callers with the same key share one run
// of the function; every caller gets that run's result, an error included. Nothing is remembered
// after the run ends: caching is the caller's business.
#pragma once

#include "key.hpp"
#include "value.hpp"

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace pmat::cache {

class SingleFlight {
 public:
   struct Outcome {
      LoadResult result;
      bool leader; // this caller ran the function
   };

   // Runs `fn` unless a run for `digest` is in progress, in which case waits for it. An exception
   // from `fn` becomes LoadError{"exception", what()} for every caller. Never throws itself.
   Outcome run(const Digest &digest, const std::function<LoadResult()> &fn);

   // Callers currently waiting for someone else's run (observability and tests).
   std::size_t waiting() const;
   // Runs in progress.
   std::size_t in_flight() const;

 private:
   struct Call {
      std::condition_variable cv;
      bool done = false;
      std::size_t waiters = 0;
      LoadResult result = LoadResult::error("pending", "");
   };
   struct DigestHash {
      std::size_t operator()(const Digest &d) const noexcept;
   };

   Outcome wait_for(std::unique_lock<std::mutex> &lock, const std::shared_ptr<Call> &call);

   mutable std::mutex mu_;
   std::unordered_map<Digest, std::shared_ptr<Call>, DigestHash> calls_;
   std::size_t waiting_ = 0;
};

} // namespace pmat::cache
