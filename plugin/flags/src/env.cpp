// SPDX-License-Identifier: MIT
#include <pmat/flags/env.hpp>

#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>

namespace pmat::flags {
namespace {

struct Named {
   const char *name = nullptr;
   const char *value = nullptr;
};

Named first_set(const GetEnvFn &getenv, const char *preferred, const char *upstream) {
   if (const char *v = getenv(preferred); v && *v)
      return {preferred, v};
   if (const char *v = upstream ? getenv(upstream) : nullptr; v && *v)
      return {upstream, v};
   return {};
}

std::optional<std::uint32_t> parse_uint(std::string_view s, std::uint32_t lo, std::uint32_t hi) {
   std::uint32_t v = 0;
   const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
   if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v < lo || v > hi)
      return std::nullopt;
   return v;
}

void override_uint(std::uint32_t &field, Named n, std::uint32_t lo, std::uint32_t hi,
                   std::vector<std::string> &errors) {
   if (!n.value)
      return;
   if (auto v = parse_uint(n.value, lo, hi))
      field = *v;
   else
      errors.push_back(std::string(n.name) + "=\"" + n.value + "\" ignored: expected " +
                       std::to_string(lo) + ".." + std::to_string(hi));
}

bool truthy(std::string_view v) {
   for (std::string_view t : {"1", "true", "yes", "on", "TRUE", "YES", "ON", "True"})
      if (v == t)
         return true;
   return false;
}

} // namespace

std::vector<std::string> apply_env_overrides(FlagsConfig &config, const GetEnvFn &getenv) {
   std::vector<std::string> errors;
   if (const Named k = first_set(getenv, "PMAT_CLAUDE_KILL_SWITCH", nullptr); k.value)
      config.kill_switch = config.kill_switch || truthy(k.value);
   override_uint(config.pool_size, first_set(getenv, "PMAT_CLAUDE_POOL_SIZE", "CLAUDE_POOL_SIZE"),
                 1, 100, errors);
   override_uint(config.max_latency_ms,
                 first_set(getenv, "PMAT_CLAUDE_MAX_LATENCY_MS", "CLAUDE_MAX_LATENCY"), 1,
                 3'600'000, errors);
   return errors;
}

} // namespace pmat::flags
