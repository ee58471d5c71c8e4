// SPDX-License-Identifier: MIT
// WorkerPool internals shared by pool.cpp and pool_maintenance.cpp.
#pragma once

#include <memory>
#include <thread>
#include <vector>

#include <pmat/bridge/pool.hpp>

namespace pmat::bridge {

// One worker as the pool sees it. Guarded by WorkerPool::mutex_. A slot leaves the pool only
// when nothing is in flight on it, so a Lease's serial always finds its slot on release.
struct WorkerPool::Slot {
   std::shared_ptr<Worker> worker;
   std::uint64_t serial = 0;
   std::uint32_t in_flight = 0;
   std::uint64_t served = 0;
   std::uint64_t recycle_at = 0; // 0 = never
   bool recycle_due = false;     // past its request count or RSS ceiling; serves until replaced
   bool retiring = false;        // draining: no new requests
   bool dead = false;            // its process is gone

   [[nodiscard]] bool usable(std::uint32_t max_in_flight) const {
      return !dead && !retiring && in_flight < max_in_flight && worker->alive();
   }
};

struct WorkerPool::Lease {
   std::shared_ptr<Worker> worker;
   std::uint64_t serial = 0;
};

inline WorkerPool::Slot *WorkerPool::find_slot_locked(std::uint64_t serial) {
   for (auto &slot : slots_)
      if (slot->serial == serial)
         return slot.get();
   return nullptr;
}

// Stops workers in parallel, so shutting down N workers takes one grace period, not N.
inline void stop_all(std::vector<std::shared_ptr<Worker>> &workers) noexcept {
   std::vector<std::thread> stoppers;
   for (auto &w : workers) {
      try {
         stoppers.emplace_back([w] { w->stop(); });
      } catch (...) {
         w->stop(); // no thread to spare: stop it here
      }
   }
   for (auto &t : stoppers)
      t.join();
   workers.clear();
}

} // namespace pmat::bridge
