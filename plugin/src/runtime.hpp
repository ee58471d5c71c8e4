// SPDX-License-Identifier: MIT
// Everything the plugin builds in init and tears down in deinit. One Runtime per loaded
// generation; calls reach it through runtime(), which is NULL outside init..deinit.
#pragma once

#include "claude/engine.hpp"
#include "metrics/registry.hpp"

#include <pmat/cache/tiered_cache.hpp>
#include <pmat/flags/store.hpp>

#include <boost/json/object.hpp>

#include <pmat/plugin_api.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::plugin {

// Default largest file the analyzer accepts (configuration key analyzer.max_file_bytes).
inline constexpr std::size_t k_default_max_file_bytes = 256u << 20;

struct RequestMetrics {
   metrics::Counter *ok = nullptr;
   metrics::Counter *skipped = nullptr;
   metrics::Counter *refused = nullptr;
   metrics::Histogram *duration = nullptr;
   metrics::Counter *bytes = nullptr;
};

// pmat.cache/1's own counters; the host's entries live in the cache's L1 under Engine::Host.
struct HostCacheCounters {
   std::atomic<std::uint64_t> hits{0};
   std::atomic<std::uint64_t> misses{0};
   std::atomic<std::uint64_t> puts{0};
   std::atomic<std::uint64_t> rejected{0}; // values larger than one L1 shard can hold
   std::atomic<std::uint64_t> cleared{0};  // entries dropped by clear()
};

class Runtime {
 public:
   explicit Runtime(const pmat_host *host);

   void log(pmat_log_level level, const std::string &message) const;
   std::uint64_t now_ns() const { return host_->now_ns(host_); }
   std::optional<std::string> config(const char *key) const;

   std::size_t max_file_bytes() const { return max_file_bytes_; }
   metrics::Registry &registry() { return registry_; }
   const RequestMetrics &native_metrics() const { return native_; }
   claude::Engine &claude() { return *claude_; }
   // nullptr when the cache is turned off (cache.enabled = false).
   pmat::cache::TieredCache *cache() { return cache_.get(); }
   // The cache for native answers: cache() unless cache.native is false (and
   // cache.native_persistent is not true), for a host that analyses each file once.
   pmat::cache::TieredCache *native_cache() { return native_cached_ ? cache_.get() : nullptr; }
   // The cache for Claude's answers: cache(), or nullptr when claude.enable_cache is false.
   pmat::cache::TieredCache *claude_cache() { return claude_cached_ ? cache_.get() : nullptr; }
   pmat::flags::FlagStore &flags() { return *flags_; }
   HostCacheCounters &host_cache() { return host_cache_; }

   // Flag evaluation, counted by reason. [any-thread]
   pmat::flags::Decision evaluate_flags(const pmat::flags::EvalContext &context);
   // Counts a native result (ok or skipped), its bytes and the time it took. [any-thread]
   void record_native(bool skipped, std::size_t bytes, std::uint64_t ns);

 private:
   void register_cache_metrics();
   void register_store_metrics();
   void register_flag_metrics();

   const pmat_host *host_; // host-owned, valid until deinit returns (PMAT-ABI-040)
   metrics::Registry registry_;
   RequestMetrics native_;
   std::size_t max_file_bytes_ = k_default_max_file_bytes;
   bool native_cached_ = true;
   bool claude_cached_ = true;
   std::vector<metrics::Counter *> flag_reasons_; // indexed by pmat::flags::Reason
   HostCacheCounters host_cache_;
   // After the registry: their gauges read them, and they go before it on destruction.
   std::unique_ptr<pmat::cache::TieredCache> cache_;
   std::unique_ptr<pmat::flags::FlagStore> flags_;
   std::unique_ptr<claude::Engine> claude_;
};

// The initialised runtime, or nullptr before init and after deinit.
Runtime *runtime() noexcept;
// The initialised runtime; outside init..deinit throws StatusError(PMAT_STATUS_NOT_INITIALIZED,
// "<use> before init or after deinit"), for the interface functions' guarded bodies.
Runtime &require_runtime(const char *use);
// Installs or clears the runtime; [init-only].
void set_runtime(Runtime *runtime) noexcept;

} // namespace pmat::plugin
