// SPDX-License-Identifier: MIT
// Admission control for the routes that do work (analyses, admin calls): at most `slots` of them
// run at once; a request that finds every slot taken waits in a bounded first-come-first-served
// queue for at most `queue_timeout`, and is refused (503 + Retry-After, by the transport) only
// when the queue is full or its wait passes that deadline. A burst is absorbed as a short wait,
// as Envoy and nginx do, instead of being refused the moment the slots are taken.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace pmat::serve {

class Admission {
 public:
   struct Limits {
      unsigned slots = 1; // requests running at once (at least 1)
      unsigned queue = 0; // requests waiting at most; 0 refuses at once when the slots are taken
      std::chrono::milliseconds queue_timeout{5000}; // the longest a request waits for a slot
   };

   // A taken slot, given back when destroyed (or moved-over): the oldest waiter, if any, gets it
   // on the destroying thread. Move-only.
   class Slot {
    public:
      Slot() = default;
      Slot(Slot &&other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
      Slot &operator=(Slot &&other) noexcept;
      Slot(const Slot &) = delete;
      Slot &operator=(const Slot &) = delete;
      ~Slot() { release(); }

    private:
      friend class Admission;
      explicit Slot(Admission *owner) : owner_(owner) {}
      void release() noexcept;
      Admission *owner_ = nullptr;
   };

   // Runs the admitted request; it owns the slot from then on. Must not block: post the work.
   using Grant = std::function<void(Slot)>;
   struct Waiter; // a queued request; opaque
   enum class Outcome { Admitted, Queued, Full };
   struct Entry {
      Outcome outcome = Outcome::Full;
      std::shared_ptr<Waiter> waiter; // set when Queued: pass it to withdraw() at the deadline
   };

   // Counters and gauges since construction, read together under the lock.
   static constexpr std::size_t k_wait_buckets = 10;
   static const std::array<double, k_wait_buckets> k_wait_bounds_seconds;
   struct Snapshot {
      unsigned busy = 0;
      std::size_t queued = 0;
      std::size_t queued_max = 0; // the deepest the queue has been
      std::uint64_t admitted = 0; // requests given a slot, at once or after a wait
      std::uint64_t waited = 0;   // of those, the ones that waited in the queue
      std::array<std::uint64_t, k_wait_buckets + 1> wait_buckets{}; // per bucket, last = +Inf
      double wait_seconds_sum = 0; // time from arrival to slot, admitted requests
   };

   explicit Admission(Limits limits);
   Admission(const Admission &) = delete;
   Admission &operator=(const Admission &) = delete;

   // Admitted: `grant` has already run, on this thread, with a slot. Queued: `grant` will run
   // on the thread that frees a slot, unless withdraw() takes the waiter out first. Full:
   // `grant` never runs. Any thread.
   Entry enter(Grant grant);

   // Takes a queued waiter out of the queue (its deadline passed): true when it was still
   // waiting, and its grant will never run; false when a slot reached it first (its grant has
   // run or is running). Any thread; each waiter is withdrawn at most once.
   bool withdraw(const std::shared_ptr<Waiter> &waiter);

   const Limits &limits() const { return limits_; }
   Snapshot snapshot() const;

 private:
   using Clock = std::chrono::steady_clock;
   void give_back() noexcept;
   void record_wait(Clock::duration waited);

   static Limits sane(Limits limits);

   const Limits limits_;
   mutable std::mutex mutex_;
   std::deque<std::shared_ptr<Waiter>> queue_;
   Snapshot counts_;
};

// The admission's families in the exposition format: queue depth and limit, slots in use and
// their limit, the wait histogram and the count of requests that waited. (Refusals are the
// transport's: pmat_http_requests_rejected_total in ServerStats.)
std::string admission_exposition(const Admission &admission, bool openmetrics);

} // namespace pmat::serve
