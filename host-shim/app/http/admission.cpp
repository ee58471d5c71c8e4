// SPDX-License-Identifier: MIT
#include "admission.hpp"

#include <pmat/common/prometheus_text.hpp>

#include <algorithm>
#include <sstream>
#include <utility>

namespace pmat::serve {

struct Admission::Waiter {
   Grant grant;
   std::chrono::steady_clock::time_point since;
};

const std::array<double, Admission::k_wait_buckets> Admission::k_wait_bounds_seconds = {
    0.0, 0.0001, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0};

Admission::Slot &Admission::Slot::operator=(Slot &&other) noexcept {
   if (this != &other) {
      release();
      owner_ = std::exchange(other.owner_, nullptr);
   }
   return *this;
}

void Admission::Slot::release() noexcept {
   if (auto *owner = std::exchange(owner_, nullptr))
      owner->give_back();
}

Admission::Limits Admission::sane(Limits limits) {
   limits.slots = std::max(limits.slots, 1u);
   return limits;
}

Admission::Admission(Limits limits) : limits_(sane(limits)) {}

void Admission::record_wait(Clock::duration waited) {
   const double seconds = std::chrono::duration<double>(waited).count();
   std::size_t bucket = 0;
   while (bucket < k_wait_buckets && seconds > k_wait_bounds_seconds[bucket])
      ++bucket;
   ++counts_.wait_buckets[bucket];
   counts_.wait_seconds_sum += seconds;
   ++counts_.admitted;
}

Admission::Entry Admission::enter(Grant grant) {
   std::unique_lock lock(mutex_);
   if (counts_.busy < limits_.slots) {
      ++counts_.busy;
      record_wait(Clock::duration::zero());
      lock.unlock();
      grant(Slot(this));
      return {Outcome::Admitted, nullptr};
   }
   if (queue_.size() >= limits_.queue)
      return {Outcome::Full, nullptr};
   auto waiter = std::make_shared<Waiter>(Waiter{std::move(grant), Clock::now()});
   queue_.push_back(waiter);
   counts_.queued = queue_.size();
   counts_.queued_max = std::max(counts_.queued_max, counts_.queued);
   return {Outcome::Queued, std::move(waiter)};
}

bool Admission::withdraw(const std::shared_ptr<Waiter> &waiter) {
   std::lock_guard lock(mutex_);
   const auto it = std::find(queue_.begin(), queue_.end(), waiter);
   if (it == queue_.end())
      return false; // already given a slot
   queue_.erase(it);
   counts_.queued = queue_.size();
   return true;
}

void Admission::give_back() noexcept {
   std::unique_lock lock(mutex_);
   if (queue_.empty()) {
      --counts_.busy;
      return;
   }
   // The slot passes straight to the oldest waiter: `busy` does not change.
   const std::shared_ptr<Waiter> next = std::move(queue_.front());
   queue_.pop_front();
   counts_.queued = queue_.size();
   ++counts_.waited;
   record_wait(Clock::now() - next->since);
   lock.unlock();
   try {
      next->grant(Slot(this));
   } catch (...) {
      // The grant could not even post its work (out of memory); the Slot it was given has been
      // destroyed with the exception, which handed the slot on.
   }
}

Admission::Snapshot Admission::snapshot() const {
   std::lock_guard lock(mutex_);
   return counts_;
}

std::string admission_exposition(const Admission &admission, bool openmetrics) {
   const Admission::Snapshot s = admission.snapshot();
   const Admission::Limits &limits = admission.limits();
   namespace prometheus = pmat::common::prometheus;
   std::ostringstream out;
   prometheus::write_gauge(out, "pmat_http_admission_queue_depth",
                           "Work requests waiting for a free slot.", s.queued, openmetrics);
   prometheus::write_gauge(out, "pmat_http_admission_queue_limit",
                           "Work requests that may wait at most (--max-queue).", limits.queue,
                           openmetrics);
   prometheus::write_gauge(out, "pmat_http_admission_slots_busy", "Work requests running now.",
                           s.busy, openmetrics);
   prometheus::write_gauge(out, "pmat_http_admission_slots_limit",
                           "Work requests that may run at once (--max-concurrency).", limits.slots,
                           openmetrics);
   prometheus::write_family(out, "pmat_http_admission_wait_seconds", "histogram",
                            "Time from a work request's arrival to its slot (0 when one was free).",
                            openmetrics);
   prometheus::write_histogram(out, "pmat_http_admission_wait_seconds", {},
                               Admission::k_wait_bounds_seconds, s.wait_buckets,
                               s.wait_seconds_sum);
   prometheus::write_family(out, "pmat_http_admission_waited_total", "counter",
                            "Work requests that waited in the queue before running.", openmetrics);
   prometheus::write_sample(out, "pmat_http_admission_waited_total", s.waited);
   return out.str();
}

} // namespace pmat::serve
