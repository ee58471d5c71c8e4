// SPDX-License-Identifier: MIT
#include "cache_and_flags_from_config.hpp"

#include "c_boundary.hpp"
#include "version.hpp"

#include <pmat/cache/disk_store.hpp>
#include <pmat/cache/paths.hpp>
#include <pmat/cache/redis_store.hpp>
#include <pmat/flags/last_known.hpp>
#include <pmat/flags/paths.hpp>
#include <pmat/flags/redis_source.hpp>
#include <pmat/flags/source_spec.hpp>

#include <charconv>
#include <cstdlib>
#include <unistd.h>

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

namespace {

// PMAT_FLAGS_SOURCE, else the flags.source key, else the flags.file key or the default file.
std::optional<std::string> configured_source(const ConfigFn &config) {
   if (const char *env = process_getenv("PMAT_FLAGS_SOURCE"); env && *env)
      return std::string(env);
   return config("flags.source");
}

void use_redis(pmat::flags::StoreOptions &options, const pmat::flags::RedisSourceSpec &spec,
               const ConfigFn &config) {
   pmat::flags::RedisSourceOptions redis;
   redis.spec = spec;
   if (const auto prefix = config("flags.redis_prefix"))
      redis.key_prefix = *prefix;
   options.source = std::make_shared<pmat::flags::RedisFlagSource>(std::move(redis));
   const auto state = config("flags.state_dir");
   const auto dir = state ? std::optional<std::filesystem::path>(*state)
                          : pmat::flags::default_state_dir(process_getenv);
   if (dir)
      options.last_known_file = *dir / "flags-last-known.json";
}

// The host's number for the generation being initialised (host.plugin_generation, which the
// shim answers during init); 0 when the host does not say or says something else.
std::uint64_t generation_number(const std::optional<std::string> &text) {
   std::uint64_t number = 0;
   if (!text)
      return 0;
   const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), number);
   return ec == std::errc() && end == text->data() + text->size() ? number : 0;
}

// fleet.host_id (PMAT_FLEET_HOST_ID), else "<hostname>:<pid>"; host.version (PMAT_HOST_VERSION,
// which pmat-host sets for itself).
// fleet.heartbeat = false (PMAT_FLEET_HEARTBEAT, set by `pmat-host flags` and `fleet`): no id,
// no heartbeat, so an operator's one-shot command never shows up as a host.
pmat::flags::HostIdentity host_identity(const ConfigFn &config) {
   pmat::flags::HostIdentity identity;
   if (disabled(config, "fleet.heartbeat"))
      return identity;
   char name[256] = {};
   ::gethostname(name, sizeof name - 1);
   identity.id =
       config("fleet.host_id").value_or(std::string(name) + ":" + std::to_string(::getpid()));
   identity.host_version = config("host.version").value_or("unknown");
   identity.plugin_version = k_plugin_version;
   identity.plugin_generation = generation_number(config("host.plugin_generation"));
   return identity;
}

void choose_source(pmat::flags::StoreOptions &options, const ConfigFn &config) {
   if (const auto text = configured_source(config)) {
      const auto parsed = pmat::flags::parse_source_spec(*text);
      if (!parsed.ok)
         throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, parsed.error);
      if (const auto *redis = std::get_if<pmat::flags::RedisSourceSpec>(&parsed.spec.where))
         return use_redis(options, *redis, config);
      options.file = std::get<pmat::flags::FileSourceSpec>(parsed.spec.where).path;
      return;
   }
   if (const auto file = config("flags.file"))
      options.file = *file;
   else if (const auto path = pmat::flags::default_flags_path(process_getenv))
      options.file = *path;
}

} // namespace

std::unique_ptr<pmat::flags::FlagStore> make_flag_store(const pmat_host *host,
                                                        const ConfigFn &config) {
   pmat::flags::StoreOptions options;
   choose_source(options, config);
   options.host = host_identity(config);
   options.getenv = process_getenv;
   options.log = [host](pmat::flags::LogLevel level, const std::string &message) {
      // LogLevel's values are pmat_log_level's.
      log_to_host(host, static_cast<pmat_log_level>(static_cast<int>(level)),
                  message); // messages start with "flags: "
   };
   return std::make_unique<pmat::flags::FlagStore>(std::move(options),
                                                   [host] { return host->now_ns(host); });
}

} // namespace pmat::plugin
