// SPDX-License-Identifier: MIT
#include "instruments.hpp"

#include <numeric>

namespace pmat::plugin::metrics {
namespace {
std::atomic<std::size_t> g_next_shard{0};
}

std::size_t shard_index() noexcept {
   thread_local const std::size_t k_index =
       g_next_shard.fetch_add(1, std::memory_order_relaxed) % k_shards;
   return k_index;
}

std::uint64_t Counter::value() const noexcept {
   std::uint64_t total = 0;
   for (const auto &slot : slots_)
      total += slot.value.load(std::memory_order_relaxed);
   return total;
}

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), buckets_(bounds_.size() + 1) {
   for (const double bound : bounds_)
      bounds_ns_.push_back(static_cast<std::uint64_t>(bound * 1e9));
}

void Histogram::observe_ns(std::uint64_t nanoseconds) noexcept {
   std::size_t i = 0;
   while (i < bounds_ns_.size() && nanoseconds > bounds_ns_[i])
      ++i;
   buckets_[i].add();
   sum_ns_.add(nanoseconds);
}

void Histogram::restore(const std::vector<std::uint64_t> &buckets, std::uint64_t sum_ns) noexcept {
   if (buckets.size() != buckets_.size())
      return; // other bucket layout: the new generation starts this histogram from zero
   for (std::size_t i = 0; i < buckets.size(); ++i)
      buckets_[i].add(buckets[i]);
   sum_ns_.add(sum_ns);
}

std::vector<std::uint64_t> Histogram::bucket_counts() const {
   std::vector<std::uint64_t> counts;
   counts.reserve(buckets_.size());
   for (const auto &bucket : buckets_)
      counts.push_back(bucket.value());
   return counts;
}

std::uint64_t Histogram::count() const noexcept {
   std::uint64_t total = 0;
   for (const auto &bucket : buckets_)
      total += bucket.value();
   return total;
}

} // namespace pmat::plugin::metrics
