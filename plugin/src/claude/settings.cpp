#include "settings.hpp"

#include "sandbox_setup.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>

namespace pmat::plugin::claude {
namespace {

// Host configuration keys the pool understands, as "claude.<field>".
constexpr std::array<const char *, 14> k_fields = {"bridge_path",
                                                   "pool_size",
                                                   "failure_threshold",
                                                   "init_timeout_ms",
                                                   "enable_sandbox",
                                                   "node",
                                                   "min_workers",
                                                   "max_in_flight_per_worker",
                                                   "acquire_timeout_ms",
                                                   "request_timeout_ms",
                                                   "recycle_after_requests",
                                                   "max_rss_mb",
                                                   "breaker_window_ms",
                                                   "breaker_open_ms"};

bool set_in_environment(const char *name) {
   const char *value = std::getenv(name);
   return value && *value;
}

// A positive integer setting from the host configuration or PMAT_CLAUDE_<NAME>; else nullopt.
std::optional<std::uint64_t> positive_setting(const ConfigLookup &host_config, const char *field) {
   std::string env = std::string("PMAT_CLAUDE_") + field;
   for (auto &c : env)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
   const char *from_env = std::getenv(env.c_str());
   const auto value = from_env ? std::optional<std::string>(from_env)
                               : host_config((std::string("claude.") + field).c_str());
   if (!value)
      return std::nullopt;
   std::uint64_t parsed = 0;
   const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), parsed);
   if (ec != std::errc() || end != value->data() + value->size() || parsed == 0)
      return std::nullopt;
   return parsed;
}

} // namespace

BatchLimits batch_settings(const ConfigLookup &host_config) {
   BatchLimits limits;
   if (const auto files = positive_setting(host_config, "batch_max_files"))
      limits.max_files = static_cast<std::size_t>(std::min<std::uint64_t>(*files, 64));
   if (const auto bytes = positive_setting(host_config, "batch_max_bytes"))
      limits.max_bytes = static_cast<std::size_t>(*bytes);
   if (const auto linger = positive_setting(host_config, "batch_linger_ms"))
      limits.linger = std::chrono::milliseconds(*linger);
   return limits;
}

// A string setting from the host configuration, else the environment variable; else empty.
std::string string_setting(const ConfigLookup &host_config, const char *key, const char *env) {
   if (auto value = host_config(key))
      return *value;
   const char *from_env = std::getenv(env);
   return from_env ? std::string(from_env) : std::string();
}

RequestSettings request_settings(const ConfigLookup &host_config) {
   RequestSettings settings;
   settings.model = string_setting(host_config, "claude.model", "PMAT_CLAUDE_MODEL");
   settings.prices = string_setting(host_config, "claude.prices", "PMAT_CLAUDE_PRICES");
   if (const auto tokens = positive_setting(host_config, "max_output_tokens"))
      settings.max_output_tokens =
          static_cast<std::uint32_t>(std::min<std::uint64_t>(*tokens, 1'000'000));
   return settings;
}

std::string default_bridge_path() {
   const std::filesystem::path installed(PMAT_INSTALL_BRIDGE_ENTRY);
   std::error_code ec;
   return std::filesystem::exists(installed, ec) ? installed.string()
                                                 : std::string(PMAT_BUILD_BRIDGE_ENTRY);
}

bool credentials_configured() {
   return set_in_environment("ANTHROPIC_API_KEY") || set_in_environment("ANTHROPIC_AUTH_TOKEN") ||
          set_in_environment("ANTHROPIC_BASE_URL");
}

pmat::bridge::Result<pmat::bridge::PoolConfig> pool_settings(const ConfigLookup &host_config) {
   pmat::bridge::PoolConfig config;
   config.bridge_path = default_bridge_path();
   for (const char *field : k_fields) {
      const auto value = host_config((std::string("claude.") + field).c_str());
      if (!value)
         continue;
      if (auto status = pmat::bridge::apply_setting(config, field, *value); !status.ok())
         return status;
   }
   auto with_env = pmat::bridge::apply_environment(config, pmat::bridge::process_environment());
   if (!with_env.ok())
      return with_env.status();
   if (auto status = pmat::bridge::validate(with_env.value()); !status.ok())
      return status;
   if (auto status = apply_sandbox(with_env.value(), host_config); !status.ok())
      return status;
   return with_env;
}

} // namespace pmat::plugin::claude
