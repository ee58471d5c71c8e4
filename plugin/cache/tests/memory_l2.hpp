// SPDX-License-Identifier: MIT
// An in-memory L2Store for composition tests (the real stores have their own tests).
#pragma once

#include <pmat/cache/l2_store.hpp>

#include <map>
#include <mutex>

namespace pmat::cache::test {

class MemoryL2 final : public L2Store {
 public:
   std::string name() const override { return "memory"; }
   ValuePtr get(const Key &key) noexcept override {
      std::lock_guard lock(mu);
      const auto it = items.find(key.hex());
      ++(it == items.end() ? s.misses : s.hits);
      return it == items.end() ? nullptr : std::make_shared<const Value>(it->second);
   }
   void put(const Key &key, const Value &value, std::uint64_t) noexcept override {
      if (!storable(key.engine(), value.kind))
         return;
      std::lock_guard lock(mu);
      items[key.hex()] = value;
      ++s.writes;
   }
   void clear() noexcept override {
      std::lock_guard lock(mu);
      items.clear();
   }
   L2Stats stats() const override {
      std::lock_guard lock(mu);
      L2Stats out = s;
      out.entries = items.size();
      return out;
   }

   mutable std::mutex mu;
   std::map<std::string, Value> items;
   L2Stats s;
};

} // namespace pmat::cache::test
