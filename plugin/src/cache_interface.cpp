// SPDX-License-Identifier: MIT
// pmat.cache/1: the host's own entries in the plugin's in-process tier, under a key space of
// their own (Engine::Host), so the host can never read or overwrite an analysis answer. TTLs run
// on the host's clock, as the ABI asks, which is why these entries stay out of the disk and Redis
// tiers (those keep wall-clock expiry so that they mean the same after a restart). They survive a
// hot reload with the rest of L1 (pmat.state/1). docs/cache.md "The host's cache".
#include "interfaces.hpp"

#include "c_boundary.hpp"
#include "plugin_buffer.hpp"
#include "runtime.hpp"

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <string_view>

namespace pmat::plugin {
namespace {

constexpr std::uint64_t k_ns_per_ms = 1'000'000;

pmat::cache::Key host_key(const std::uint8_t *key, std::size_t key_size) {
   if (key == nullptr || key_size == 0)
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "key is required and key_size must be > 0");
   pmat::cache::KeyInputs inputs;
   inputs.content = std::string_view(reinterpret_cast<const char *>(key), key_size);
   inputs.engine = pmat::cache::Engine::Host;
   inputs.analyzer_version = PMAT_CACHE_INTERFACE_ID;
   return pmat::cache::make_key(inputs);
}

pmat_status get(const std::uint8_t *key, std::size_t key_size, pmat_plugin_buffer *value_out) {
   return guarded([&]() -> pmat_status {
      if (value_out)
         *value_out = pmat_plugin_buffer{};
      if (!value_out)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "value_out is required");
      Runtime &rt = require_runtime("cache used");
      const auto digest = host_key(key, key_size);
      auto *cache = rt.cache();
      const auto value = cache ? cache->l1().get(digest) : nullptr;
      if (!value) {
         ++rt.host_cache().misses;
         return set_last_error(PMAT_STATUS_NOT_FOUND,
                               cache ? "no entry under this key (never stored, expired, evicted "
                                       "or cleared)"
                                     : "the cache is turned off by configuration (cache.enabled)");
      }
      ++rt.host_cache().hits;
      fill_buffer(std::string(value->payload), value_out);
      return PMAT_STATUS_OK;
   });
}

pmat_status put(const std::uint8_t *key, std::size_t key_size, const std::uint8_t *value,
                std::size_t value_size, std::uint64_t ttl_ms) {
   return guarded([&]() -> pmat_status {
      Runtime &rt = require_runtime("cache used");
      const auto digest = host_key(key, key_size);
      if (value == nullptr && value_size != 0)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "value is NULL with value_size > 0");
      auto *cache = rt.cache();
      if (!cache)
         throw StatusError(PMAT_STATUS_UNSUPPORTED,
                           "the cache is turned off by configuration (cache.enabled)");
      std::uint64_t ttl_ns = cache->config().ttl.l1_ns; // ttl_ms 0: the plugin's default
      if (ttl_ms != 0)
         ttl_ns = ttl_ms > UINT64_MAX / k_ns_per_ms ? UINT64_MAX : ttl_ms * k_ns_per_ms;
      auto stored = std::make_shared<const pmat::cache::Value>(pmat::cache::Value{
          pmat::cache::Kind::Host, std::string(reinterpret_cast<const char *>(value), value_size)});
      if (!cache->l1().put(digest, std::move(stored), ttl_ns)) {
         ++rt.host_cache().rejected;
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                           "value of " + std::to_string(value_size) +
                               " bytes is larger than the in-process cache can hold");
      }
      ++rt.host_cache().puts;
      return PMAT_STATUS_OK;
   });
}

pmat_status stats(pmat_plugin_buffer *stats_out) {
   return guarded([&]() -> pmat_status {
      if (stats_out)
         *stats_out = pmat_plugin_buffer{};
      if (!stats_out)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "stats_out is required");
      Runtime &rt = require_runtime("cache used");
      const auto &counters = rt.host_cache();
      boost::json::object out{{"tier", "l1"},
                              {"enabled", rt.cache() != nullptr},
                              {"hits", counters.hits.load()},
                              {"misses", counters.misses.load()},
                              {"puts", counters.puts.load()},
                              {"rejected", counters.rejected.load()},
                              {"cleared", counters.cleared.load()}};
      if (auto *cache = rt.cache()) {
         const auto l1 = cache->l1().stats();
         out["l1"] = {{"entries", l1.entries},
                      {"bytes", l1.bytes},
                      {"evictions", l1.evictions},
                      {"expirations", l1.expirations}};
      }
      fill_buffer(boost::json::serialize(out), stats_out);
      return PMAT_STATUS_OK;
   });
}

pmat_status clear() {
   return guarded([&]() -> pmat_status {
      Runtime &rt = require_runtime("cache used");
      if (auto *cache = rt.cache())
         rt.host_cache().cleared += cache->l1().clear(pmat::cache::Engine::Host);
      return PMAT_STATUS_OK;
   });
}

void release(pmat_plugin_buffer *buffer) {
   release_buffer(buffer);
}

const pmat_cache k_cache = {sizeof(pmat_cache), get, put, stats, clear, release};

} // namespace

const pmat_cache *cache_interface() {
   return &k_cache;
}

} // namespace pmat::plugin
