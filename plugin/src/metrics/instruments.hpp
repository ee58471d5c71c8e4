// SPDX-License-Identifier: MIT
// Counters and histograms cheap enough for every request: each thread adds to its own
// cache-line-sized shard (no contended cache line), readers sum the shards.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pmat::plugin::metrics {

inline constexpr std::size_t k_shards = 16;

// This thread's shard. Plain TLS without a destructor, so dlclose can unmap the plugin.
std::size_t shard_index() noexcept;

class Counter {
 public:
   void add(std::uint64_t n = 1) noexcept {
      slots_[shard_index()].value.fetch_add(n, std::memory_order_relaxed);
   }
   std::uint64_t value() const noexcept;

 private:
   struct alignas(64) Slot {
      std::atomic<std::uint64_t> value{0};
   };
   std::array<Slot, k_shards> slots_{};
};

// Buckets are upper bounds in seconds, ascending; +Inf is implicit.
class Histogram {
 public:
   explicit Histogram(std::vector<double> upper_bounds);
   void observe_ns(std::uint64_t nanoseconds) noexcept;
   // Adds counts from a snapshot (state hand-off); `buckets` non-cumulative, one per bound + Inf.
   void restore(const std::vector<std::uint64_t> &buckets, std::uint64_t sum_ns) noexcept;

   const std::vector<double> &upper_bounds() const { return bounds_; }
   std::vector<std::uint64_t> bucket_counts() const; // non-cumulative, last is +Inf
   std::uint64_t sum_ns() const noexcept { return sum_ns_.value(); }
   std::uint64_t count() const noexcept;

 private:
   std::vector<double> bounds_;
   std::vector<std::uint64_t> bounds_ns_;
   std::vector<Counter> buckets_; // bounds + 1
   Counter sum_ns_;
};

} // namespace pmat::plugin::metrics
