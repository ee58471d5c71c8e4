// SPDX-License-Identifier: MIT
#include <pmat/cache/stats.hpp>

namespace pmat::cache {
namespace {

double ratio(std::uint64_t num, std::uint64_t den) {
   return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
}

} // namespace

double CacheStats::l1_hit_rate() const noexcept {
   return ratio(l1_hits, l1_hits + l1_misses);
}

double CacheStats::l2_hit_rate() const noexcept {
   return ratio(l2_hits, l2_hits + l2_misses);
}

double CacheStats::effective_hit_rate() const noexcept {
   return ratio(l1_hits + l2_hits, l1_hits + l1_misses);
}

} // namespace pmat::cache
