// SPDX-License-Identifier: MIT
// The disk tier's in-memory view of its entries: sizes and recency, for the size bound. Built
// from a directory scan at start-up (oldest modification first), then kept up to date by this
// process's own reads and writes. Not thread-safe: DiskStore holds its mutex around it.
#pragma once

#include <pmat/cache/key.hpp>

#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

namespace pmat::cache::detail {

class DiskIndex {
 public:
   void touch(const Digest &d);
   // Records (or resizes) an entry as most recent; returns the entries to delete so the total
   // stays within `max_bytes` (never the one just added).
   std::vector<Digest> add(const Digest &d, std::uint64_t size, std::uint64_t max_bytes);
   void remove(const Digest &d);
   void clear();
   std::uint64_t bytes() const noexcept { return bytes_; }
   std::uint64_t entries() const noexcept { return index_.size(); }

 private:
   struct Item {
      Digest digest;
      std::uint64_t size;
   };
   struct Hash {
      std::size_t operator()(const Digest &d) const noexcept;
   };
   std::list<Item> lru_; // front = most recent
   std::unordered_map<Digest, std::list<Item>::iterator, Hash> index_;
   std::uint64_t bytes_ = 0;
};

} // namespace pmat::cache::detail
