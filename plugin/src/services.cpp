// SPDX-License-Identifier: MIT
#include "services.hpp"

#include <pmat/cache/disk_store.hpp>
#include <pmat/cache/paths.hpp>
#include <pmat/cache/redis_store.hpp>
#include <pmat/flags/paths.hpp>

#include <charconv>
#include <cstdlib>

namespace pmat::plugin {
namespace {

const char *process_getenv(const char *name) {
   return std::getenv(name);
}

bool disabled(const ConfigFn &config, const char *key) {
   const auto value = config(key);
   return value && (*value == "false" || *value == "0" || *value == "off");
}

bool enabled(const ConfigFn &config, const char *key) {
   const auto value = config(key);
   return value && (*value == "true" || *value == "1" || *value == "on");
}

void log_to_host(const pmat_host *host, pmat_log_level level, const std::string &message) {
   host->log(host, level, message.c_str());
}

std::unique_ptr<pmat::cache::L2Store> disk_tier(const pmat_host *host, const ConfigFn &config) {
   if (disabled(config, "cache.disk"))
      return nullptr;
   const auto dir = config("cache.dir");
   const auto fallback = pmat::cache::default_cache_dir(process_getenv);
   if (!dir && !fallback) {
      log_to_host(host, PMAT_LOG_WARN, "no cache directory (no XDG_CACHE_HOME or HOME): L1 only");
      return nullptr;
   }
   pmat::cache::DiskStoreConfig disk;
   disk.dir = dir ? std::filesystem::path(*dir) : *fallback;
   return std::make_unique<pmat::cache::DiskStore>(disk, pmat::cache::system_wall_clock());
}

std::unique_ptr<pmat::cache::L2Store> redis_tier(const pmat_host *host, const ConfigFn &config) {
   const auto address = config("cache.redis");
   if (!address)
      return nullptr;
   const auto colon = address->rfind(':');
   int port = 0;
   const char *last = address->data() + address->size();
   const auto parsed = colon == std::string::npos
                           ? std::from_chars_result{last, std::errc::invalid_argument}
                           : std::from_chars(address->data() + colon + 1, last, port);
   if (parsed.ec != std::errc() || parsed.ptr != last || port <= 0 || port > 65535) {
      log_to_host(host, PMAT_LOG_ERROR, "cache.redis must be host:port, got " + *address);
      return nullptr;
   }
   pmat::cache::RedisStoreConfig redis;
   redis.host = address->substr(0, colon);
   redis.port = port;
   return std::make_unique<pmat::cache::RedisStore>(redis, [host] { return host->now_ns(host); });
}

} // namespace

bool claude_answers_cached(const ConfigFn &config) {
   return !disabled(config, "claude.enable_cache");
}

bool native_answers_cached(const ConfigFn &config) {
   return !disabled(config, "cache.native") || enabled(config, "cache.native_persistent");
}

std::unique_ptr<pmat::cache::TieredCache> make_cache(const pmat_host *host,
                                                     const ConfigFn &config) {
   if (disabled(config, "cache.enabled"))
      return nullptr;
   std::vector<std::unique_ptr<pmat::cache::L2Store>> tiers;
   if (auto disk = disk_tier(host, config))
      tiers.push_back(std::move(disk));
   if (auto redis = redis_tier(host, config))
      tiers.push_back(std::move(redis));
   pmat::cache::TieredConfig tiered;
   tiered.persist_native = enabled(config, "cache.native_persistent");
   return std::make_unique<pmat::cache::TieredCache>(
       tiered, [host] { return host->now_ns(host); }, std::move(tiers));
}

std::unique_ptr<pmat::flags::FlagStore> make_flag_store(const pmat_host *host,
                                                        const ConfigFn &config) {
   pmat::flags::StoreOptions options;
   const auto file = config("flags.file");
   if (file)
      options.file = *file;
   else if (const auto path = pmat::flags::default_flags_path(process_getenv))
      options.file = *path;
   options.getenv = process_getenv;
   options.log = [host](pmat::flags::LogLevel level, const std::string &message) {
      const auto host_level = level == pmat::flags::LogLevel::Error  ? PMAT_LOG_ERROR
                              : level == pmat::flags::LogLevel::Warn ? PMAT_LOG_WARN
                                                                     : PMAT_LOG_INFO;
      log_to_host(host, host_level, "flags: " + message);
   };
   return std::make_unique<pmat::flags::FlagStore>(std::move(options),
                                                   [host] { return host->now_ns(host); });
}

} // namespace pmat::plugin
