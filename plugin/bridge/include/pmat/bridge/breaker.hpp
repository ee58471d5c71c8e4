// SPDX-License-Identifier: MIT
// Circuit breaker (upstream's spec, made real): Closed -> Open when the failures in a sliding
// window reach a count or a rate, given a minimum number of calls; Open -> HalfOpen after the open
// duration; HalfOpen admits a bounded number of probes, whose outcome closes or re-opens it.
// The kill switch is not a breaker state: it lives in the flags (docs/flags.md), which route a
// killed request to the native engine before it ever reaches the pool.
//
// All time comes from the injected Clock, so tests are deterministic. The closed-path admission
// is one atomic load; recording an outcome on the closed path is a clock read and two relaxed
// atomic adds, with no lock and no allocation.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include <pmat/bridge/clock.hpp>
#include <pmat/bridge/status.hpp>

namespace pmat::bridge {

// Values are upstream's CircuitState bytes (0/1/2).
enum class BreakerState : std::uint8_t { closed = 0, open = 1, half_open = 2 };

const char *to_string(BreakerState state) noexcept;

struct BreakerConfig {
   std::uint32_t failure_threshold = 5;            // failures in the window that open it; 0 = off
   double failure_rate = 0.0;                      // failures/calls that open it; 0 = off
   std::uint32_t minimum_calls = 5;                // never opens with fewer calls in the window
   std::uint64_t window_ns = 60'000 * k_ns_per_ms; // sliding window
   std::uint32_t window_buckets = 60;              // window resolution: window_ns / buckets
   std::uint64_t open_ns = 30'000 * k_ns_per_ms;   // Open -> HalfOpen after this long
   std::uint32_t half_open_probes = 1;             // concurrent probes; all must succeed to close
};

// What try_acquire granted; hand it back to record_success/record_failure.
enum class Admission : std::uint8_t { rejected, admitted, probe };

struct BreakerCounts {
   std::uint64_t window_calls = 0;
   std::uint64_t window_failures = 0;
   std::uint64_t rejections = 0;
   std::uint64_t times_opened = 0;
};

class CircuitBreaker {
 public:
   // Invalid values are clamped (at least one bucket, one probe, 1 ns durations).
   CircuitBreaker(BreakerConfig config, const Clock &clock);
   CircuitBreaker(const CircuitBreaker &) = delete;
   CircuitBreaker &operator=(const CircuitBreaker &) = delete;
   ~CircuitBreaker();

   // Closed: admitted, at the cost of one atomic load.
   Admission try_acquire() noexcept {
      if (state_.load(std::memory_order_acquire) == BreakerState::closed)
         return Admission::admitted;
      return acquire_slow();
   }
   void record_success(Admission admission) noexcept;
   void record_failure(Admission admission) noexcept;

   [[nodiscard]] BreakerState state() const noexcept {
      return state_.load(std::memory_order_acquire);
   }
   // Time until an Open breaker admits a probe (0 when not Open).
   [[nodiscard]] std::uint64_t retry_after_ns() const noexcept;
   [[nodiscard]] BreakerCounts counts() const noexcept;
   // PoolExhausted 2003, "Circuit open, retry after {N}ms" (upstream's circuit-open constructor).
   [[nodiscard]] Status rejection_status() const;
   [[nodiscard]] const BreakerConfig &config() const noexcept { return config_; }

 private:
   struct Bucket {
      std::atomic<std::uint64_t> tick{UINT64_MAX};
      std::atomic<std::uint32_t> calls{0};
      std::atomic<std::uint32_t> failures{0};
   };
   struct Window {
      std::uint64_t calls = 0;
      std::uint64_t failures = 0;
   };

   Admission acquire_slow() noexcept;
   Admission try_probe(std::uint64_t now) noexcept;
   void record(bool failure, std::uint64_t now) noexcept;
   void rotate(Bucket &bucket, std::uint64_t tick) noexcept;
   Window window(std::uint64_t now) const noexcept;
   bool should_open(const Window &w) const noexcept;
   void open_locked(std::uint64_t now) noexcept;
   void close_locked() noexcept;

   BreakerConfig config_;
   const Clock *clock_;
   std::uint64_t bucket_ns_;
   std::unique_ptr<Bucket[]> buckets_;
   std::atomic<BreakerState> state_{BreakerState::closed};
   std::atomic<std::uint64_t> opened_at_ns_{0};
   std::atomic<std::uint64_t> rejections_{0};
   std::atomic<std::uint64_t> times_opened_{0};
   // Slow-path transitions only; never taken on the closed path.
   mutable std::mutex mutex_;
   std::uint32_t probes_in_flight_ = 0;
   std::uint32_t probes_succeeded_ = 0;
   std::uint64_t probe_started_ns_ = 0;
};

} // namespace pmat::bridge
