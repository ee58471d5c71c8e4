// SPDX-License-Identifier: MIT
#include <pmat/bridge/breaker.hpp>

#include <algorithm>
#include <string>

namespace pmat::bridge {

const char *to_string(BreakerState state) noexcept {
   switch (state) {
   case BreakerState::closed: return "closed";
   case BreakerState::open: return "open";
   case BreakerState::half_open: return "half_open";
   }
   return "unknown";
}

namespace {
BreakerConfig sanitize(BreakerConfig c) {
   c.window_buckets = std::max<std::uint32_t>(c.window_buckets, 1);
   c.window_ns = std::max<std::uint64_t>(c.window_ns, c.window_buckets);
   c.open_ns = std::max<std::uint64_t>(c.open_ns, 1);
   c.half_open_probes = std::max<std::uint32_t>(c.half_open_probes, 1);
   c.failure_rate = std::clamp(c.failure_rate, 0.0, 1.0);
   return c;
}

// Callers read the clock before taking the lock, so another thread may have stamped a later
// time; a plain subtraction would wrap and make a fresh probe or opening look ancient.
std::uint64_t elapsed(std::uint64_t now, std::uint64_t since) noexcept {
   return now > since ? now - since : 0;
}
} // namespace

CircuitBreaker::CircuitBreaker(BreakerConfig config, const Clock &clock)
    : config_(sanitize(config)), clock_(&clock),
      bucket_ns_(config_.window_ns / config_.window_buckets),
      buckets_(std::make_unique<Bucket[]>(config_.window_buckets)) {}

CircuitBreaker::~CircuitBreaker() = default;

Admission CircuitBreaker::acquire_slow() noexcept {
   const BreakerState s = state_.load(std::memory_order_acquire);
   if (s == BreakerState::closed)
      return Admission::admitted;
   const Admission probe = try_probe(clock_->now_ns());
   if (probe != Admission::rejected)
      return probe;
   rejections_.fetch_add(1, std::memory_order_relaxed);
   return Admission::rejected;
}

// Open and expired -> HalfOpen with this caller as the probe; HalfOpen with a free probe slot (or
// a probe that has gone silent for a whole open period) -> another probe.
Admission CircuitBreaker::try_probe(std::uint64_t now) noexcept {
   std::lock_guard lock(mutex_);
   const BreakerState s = state_.load(std::memory_order_relaxed);
   if (s == BreakerState::closed)
      return Admission::admitted;
   if (s == BreakerState::open) {
      if (elapsed(now, opened_at_ns_.load(std::memory_order_relaxed)) < config_.open_ns)
         return Admission::rejected;
      state_.store(BreakerState::half_open, std::memory_order_release);
      probes_in_flight_ = 0;
      probes_succeeded_ = 0;
   }
   const bool stale = probes_in_flight_ > 0 && elapsed(now, probe_started_ns_) >= config_.open_ns;
   if (stale)
      probes_in_flight_ = 0;
   if (probes_in_flight_ + probes_succeeded_ >= config_.half_open_probes)
      return Admission::rejected;
   ++probes_in_flight_;
   probe_started_ns_ = now;
   return Admission::probe;
}

void CircuitBreaker::record_success(Admission admission) noexcept {
   if (admission == Admission::admitted) {
      if (state_.load(std::memory_order_acquire) == BreakerState::closed)
         record(false, clock_->now_ns());
      return;
   }
   if (admission != Admission::probe)
      return;
   std::lock_guard lock(mutex_);
   if (state_.load(std::memory_order_relaxed) != BreakerState::half_open)
      return;
   probes_in_flight_ = probes_in_flight_ > 0 ? probes_in_flight_ - 1 : 0;
   if (++probes_succeeded_ >= config_.half_open_probes)
      close_locked();
}

void CircuitBreaker::record_failure(Admission admission) noexcept {
   const std::uint64_t now = clock_->now_ns();
   if (admission == Admission::probe) {
      std::lock_guard lock(mutex_);
      if (state_.load(std::memory_order_relaxed) == BreakerState::half_open)
         open_locked(now);
      return;
   }
   if (admission != Admission::admitted ||
       state_.load(std::memory_order_acquire) != BreakerState::closed)
      return; // a late outcome from before the breaker opened changes nothing
   record(true, now);
   if (!should_open(window(now)))
      return;
   std::lock_guard lock(mutex_);
   if (state_.load(std::memory_order_relaxed) == BreakerState::closed)
      open_locked(now);
}

void CircuitBreaker::record(bool failure, std::uint64_t now) noexcept {
   const std::uint64_t tick = now / bucket_ns_;
   Bucket &b = buckets_[tick % config_.window_buckets];
   if (b.tick.load(std::memory_order_acquire) != tick)
      rotate(b, tick);
   b.calls.fetch_add(1, std::memory_order_relaxed);
   if (failure)
      b.failures.fetch_add(1, std::memory_order_relaxed);
}

// A bucket is reused once per window; the first writer of a new tick resets it. The counts are
// zeroed before the new tick is published, so a writer that sees the new tick counts into it.
void CircuitBreaker::rotate(Bucket &bucket, std::uint64_t tick) noexcept {
   std::lock_guard lock(mutex_);
   if (bucket.tick.load(std::memory_order_relaxed) == tick)
      return;
   bucket.calls.store(0, std::memory_order_relaxed);
   bucket.failures.store(0, std::memory_order_relaxed);
   bucket.tick.store(tick, std::memory_order_release);
}

CircuitBreaker::Window CircuitBreaker::window(std::uint64_t now) const noexcept {
   const std::uint64_t tick = now / bucket_ns_;
   Window w;
   for (std::uint32_t i = 0; i < config_.window_buckets; ++i) {
      const Bucket &b = buckets_[i];
      const std::uint64_t t = b.tick.load(std::memory_order_acquire);
      if (t > tick || tick - t >= config_.window_buckets)
         continue; // empty, or older than the window
      w.calls += b.calls.load(std::memory_order_relaxed);
      w.failures += b.failures.load(std::memory_order_relaxed);
   }
   return w;
}

bool CircuitBreaker::should_open(const Window &w) const noexcept {
   if (w.calls < config_.minimum_calls)
      return false;
   const bool by_count = config_.failure_threshold > 0 && w.failures >= config_.failure_threshold;
   const bool by_rate =
       config_.failure_rate > 0.0 &&
       static_cast<double>(w.failures) >= config_.failure_rate * static_cast<double>(w.calls);
   return by_count || by_rate;
}

void CircuitBreaker::open_locked(std::uint64_t now) noexcept {
   opened_at_ns_.store(now, std::memory_order_relaxed);
   probes_in_flight_ = 0;
   probes_succeeded_ = 0;
   times_opened_.fetch_add(1, std::memory_order_relaxed);
   state_.store(BreakerState::open, std::memory_order_release);
}

// Closing starts a fresh window: the failures that opened the breaker must not re-open it.
void CircuitBreaker::close_locked() noexcept {
   for (std::uint32_t i = 0; i < config_.window_buckets; ++i) {
      buckets_[i].calls.store(0, std::memory_order_relaxed);
      buckets_[i].failures.store(0, std::memory_order_relaxed);
      buckets_[i].tick.store(UINT64_MAX, std::memory_order_release);
   }
   probes_in_flight_ = 0;
   probes_succeeded_ = 0;
   state_.store(BreakerState::closed, std::memory_order_release);
}

std::uint64_t CircuitBreaker::retry_after_ns() const noexcept {
   if (state() != BreakerState::open)
      return 0;
   const std::uint64_t open_for =
       elapsed(clock_->now_ns(), opened_at_ns_.load(std::memory_order_relaxed));
   return open_for >= config_.open_ns ? 0 : config_.open_ns - open_for;
}

BreakerCounts CircuitBreaker::counts() const noexcept {
   const Window w = window(clock_->now_ns());
   return BreakerCounts{w.calls, w.failures, rejections_.load(std::memory_order_relaxed),
                        times_opened_.load(std::memory_order_relaxed)};
}

Status CircuitBreaker::rejection_status() const {
   const std::uint64_t ms = (retry_after_ns() + k_ns_per_ms - 1) / k_ns_per_ms;
   return make_error(PMAT_STATUS_POOL_EXHAUSTED,
                     "Circuit open, retry after " + std::to_string(ms) + "ms",
                     Failure::breaker_open);
}

} // namespace pmat::bridge
