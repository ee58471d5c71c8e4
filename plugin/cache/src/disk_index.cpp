// SPDX-License-Identifier: MIT
#include "disk_index.hpp"

#include <cstring>

namespace pmat::cache::detail {

std::size_t DiskIndex::Hash::operator()(const Digest &d) const noexcept {
   std::uint64_t h;
   std::memcpy(&h, d.data(), sizeof h);
   return static_cast<std::size_t>(h);
}

void DiskIndex::touch(const Digest &d) {
   if (const auto it = index_.find(d); it != index_.end())
      lru_.splice(lru_.begin(), lru_, it->second);
}

std::vector<Digest> DiskIndex::add(const Digest &d, std::uint64_t size, std::uint64_t max_bytes) {
   remove(d);
   lru_.push_front(Item{d, size});
   index_.emplace(d, lru_.begin());
   bytes_ += size;
   std::vector<Digest> evict;
   while (bytes_ > max_bytes && lru_.size() > 1) {
      const Item victim = lru_.back();
      evict.push_back(victim.digest);
      remove(victim.digest);
   }
   return evict;
}

void DiskIndex::remove(const Digest &d) {
   const auto it = index_.find(d);
   if (it == index_.end())
      return;
   bytes_ -= it->second->size;
   lru_.erase(it->second);
   index_.erase(it);
}

void DiskIndex::clear() {
   lru_.clear();
   index_.clear();
   bytes_ = 0;
}

} // namespace pmat::cache::detail
