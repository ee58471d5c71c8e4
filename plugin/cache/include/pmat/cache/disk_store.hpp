// SPDX-License-Identifier: MIT
// The embedded L2 (default): one file per entry under <dir>/l2-v1/<2 hex>/<64 hex>.entry, written
// to a temp file + rename (no fsync) so a process crash mid-write leaves the old entry or none;
// a power loss may lose recent entries or leave a torn file, and every read verifies the entry
// (entry_codec.hpp: length and SHA-256) and deletes and counts a bad one, so a torn entry is a
// miss, never an answer. Bounded in total bytes with LRU eviction. Survives restarts and hot
// reloads (it is just files).
#pragma once

#include "clock.hpp"
#include "l2_store.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>

namespace pmat::cache {

namespace detail {
class DiskIndex;
}

struct DiskStoreConfig {
   std::filesystem::path dir;                 // e.g. default_cache_dir(...)
   std::uint64_t max_bytes = 512ull << 20;    // total size bound (headers included)
   std::uint64_t max_entry_bytes = 64u << 20; // larger entries are not stored
};

class DiskStore final : public L2Store {
 public:
   // `wall_now`: Unix-epoch nanoseconds (expiry must survive a restart). Creates the directories,
   // removes temp files left by dead writers, and indexes existing entries. Never throws for
   // file-system problems: a store that cannot create its directory is permanently unavailable.
   DiskStore(DiskStoreConfig config, NowFn wall_now);
   ~DiskStore() override;

   std::string name() const override { return "disk"; }
   ValuePtr get(const Key &key) noexcept override;
   void put(const Key &key, const Value &value, std::uint64_t ttl_ns) noexcept override;
   void clear() noexcept override;
   L2Stats stats() const override;

   std::filesystem::path entry_path(const Digest &digest) const;
   const std::filesystem::path &root() const noexcept { return root_; }
   // Temp files removed at start-up (left by writers that died mid-write).
   std::uint64_t stale_temps_removed() const noexcept { return stale_temps_removed_; }

 private:
   void scan();
   void drop(const Digest &digest) noexcept;
   ValuePtr lookup(const Key &key);
   void store(const Key &key, const Value &value, std::uint64_t ttl_ns);

   DiskStoreConfig config_;
   NowFn wall_now_;
   std::filesystem::path root_;
   bool usable_ = false;
   std::uint64_t stale_temps_removed_ = 0;
   std::atomic<std::uint64_t> temp_seq_{0};
   mutable std::mutex mu_;
   std::unique_ptr<detail::DiskIndex> index_;
   L2Stats counters_;
};

} // namespace pmat::cache
