// How many Claude requests may be in flight at once, adapted to the API's capacity (AIMD): the
// limit is halved (never below 1) when the API says it is rate-limited or overloaded, at most once
// per cool-down so one burst of 429s counts once, and raised by one after each success, up to
// the pool's capacity. A request waits for a permit up to its deadline.
#pragma once

#include <pmat/bridge/clock.hpp>

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace pmat::plugin::claude {

class ConcurrencyLimit {
 public:
   // `capacity` = the most requests the pool can hold (0 = no limit until set_capacity).
   // `clock` outlives this.
   ConcurrencyLimit(const pmat::bridge::Clock &clock, std::uint64_t cooldown_ns);

   // The pool's capacity, once known; the limit starts there. [any-thread]
   void set_capacity(std::uint32_t capacity);
   // Waits for a permit until `deadline_ns` (on the clock); false when none came. [any-thread]
   bool acquire(std::uint64_t deadline_ns);
   // Returns a permit taken by acquire(). [any-thread]
   void release();
   // The API said 429 or 529 (an answer, or a retry notice): halve the limit. [any-thread]
   void on_rate_limited();
   // A request was answered: raise the limit by one, up to the capacity. [any-thread]
   void on_success();
   // The current limit (the capacity before any rate limit; 0 = not yet known). [any-thread]
   std::uint32_t limit() const;

 private:
   const pmat::bridge::Clock *clock_;
   std::uint64_t cooldown_ns_;
   mutable std::mutex mutex_;
   std::condition_variable freed_;
   std::uint32_t capacity_ = 0;
   std::uint32_t limit_ = 0;
   std::uint32_t in_flight_ = 0;
   std::uint64_t last_decrease_ns_ = 0;
   bool decreased_ = false;
};

} // namespace pmat::plugin::claude
