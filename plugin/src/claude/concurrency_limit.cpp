#include "concurrency_limit.hpp"

#include <algorithm>
#include <chrono>

namespace pmat::plugin::claude {
namespace {

// Waits are sliced so that a deadline on the injected clock is noticed promptly.
constexpr std::uint64_t k_wait_slice_ns = 50'000'000;

} // namespace

ConcurrencyLimit::ConcurrencyLimit(const pmat::bridge::Clock &clock, std::uint64_t cooldown_ns)
    : clock_(&clock), cooldown_ns_(cooldown_ns) {}

void ConcurrencyLimit::set_capacity(std::uint32_t capacity) {
   std::lock_guard lock(mutex_);
   capacity_ = capacity;
   limit_ = limit_ == 0 ? capacity : std::min(limit_, capacity);
   freed_.notify_all();
}

bool ConcurrencyLimit::acquire(std::uint64_t deadline_ns) {
   std::unique_lock lock(mutex_);
   while (limit_ != 0 && in_flight_ >= limit_) {
      const std::uint64_t now = clock_->now_ns();
      if (now >= deadline_ns)
         return false;
      freed_.wait_for(lock, std::chrono::nanoseconds(std::min(deadline_ns - now, k_wait_slice_ns)));
   }
   ++in_flight_;
   return true;
}

void ConcurrencyLimit::release() {
   std::lock_guard lock(mutex_);
   if (in_flight_ > 0)
      --in_flight_;
   freed_.notify_one();
}

void ConcurrencyLimit::on_rate_limited() {
   const std::uint64_t now = clock_->now_ns();
   std::lock_guard lock(mutex_);
   if (limit_ == 0 || (decreased_ && now - last_decrease_ns_ < cooldown_ns_))
      return;
   limit_ = std::max<std::uint32_t>(1, limit_ / 2);
   last_decrease_ns_ = now;
   decreased_ = true;
}

void ConcurrencyLimit::on_success() {
   std::lock_guard lock(mutex_);
   if (limit_ != 0 && limit_ < capacity_) {
      ++limit_;
      freed_.notify_one();
   }
}

std::uint32_t ConcurrencyLimit::limit() const {
   std::lock_guard lock(mutex_);
   return limit_;
}

} // namespace pmat::plugin::claude
