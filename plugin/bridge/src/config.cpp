// SPDX-License-Identifier: MIT
#include <pmat/bridge/config.hpp>

#include <charconv>
#include <cstdlib>
#include <string>

namespace pmat::bridge {
namespace {

Status bad(std::string_view field, std::string_view value, const char *want) {
   return make_error(PMAT_STATUS_INVALID_ARGUMENT, "invalid value \"" + std::string(value) +
                                                       "\" for " + std::string(field) + ": " +
                                                       want);
}

template <class T> Status parse_uint(std::string_view field, std::string_view v, T &out) {
   T parsed{};
   const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed);
   if (ec != std::errc() || end != v.data() + v.size())
      return bad(field, v, "expected an unsigned integer");
   out = parsed;
   return Status::success();
}

Status parse_bool(std::string_view field, std::string_view v, bool &out) {
   for (std::string_view t : {"1", "true", "yes", "on"})
      if (v == t)
         return out = true, Status::success();
   for (std::string_view f : {"0", "false", "no", "off"})
      if (v == f)
         return out = false, Status::success();
   return bad(field, v, "expected true/false");
}

Status parse_fraction(std::string_view field, std::string_view v, double &out, double max) {
   char *end = nullptr;
   const std::string text(v);
   const double d = std::strtod(text.c_str(), &end);
   if (text.empty() || end != text.c_str() + text.size() || !(d >= 0.0 && d <= max))
      return bad(field, v, "expected a number in range");
   out = d;
   return Status::success();
}

struct Field {
   const char *name;
   std::function<Status(PoolConfig &, std::string_view, std::string_view)> set;
};

template <class T> Field uint_field(const char *name, T PoolConfig::*member) {
   return {name, [member](PoolConfig &c, std::string_view f, std::string_view v) {
              return parse_uint(f, v, c.*member);
           }};
}

Field bool_field(const char *name, bool PoolConfig::*member) {
   return {name, [member](PoolConfig &c, std::string_view f, std::string_view v) {
              return parse_bool(f, v, c.*member);
           }};
}

Field string_field(const char *name, std::string PoolConfig::*member) {
   return {name, [member](PoolConfig &c, std::string_view f, std::string_view v) {
              if (v.empty())
                 return bad(f, v, "expected a non-empty string");
              c.*member = std::string(v);
              return Status::success();
           }};
}

Field fraction_field(const char *name, double PoolConfig::*member, double max) {
   return {name, [member, max](PoolConfig &c, std::string_view f, std::string_view v) {
              return parse_fraction(f, v, c.*member, max);
           }};
}

const std::vector<Field> &fields() {
   static const std::vector<Field> k_table{
       string_field("bridge_path", &PoolConfig::bridge_path),
       uint_field("pool_size", &PoolConfig::pool_size),
       uint_field("failure_threshold", &PoolConfig::failure_threshold),
       uint_field("init_timeout_ms", &PoolConfig::init_timeout_ms),
       bool_field("enable_sandbox", &PoolConfig::enable_sandbox),
       string_field("node", &PoolConfig::node),
       uint_field("min_workers", &PoolConfig::min_workers),
       uint_field("max_in_flight_per_worker", &PoolConfig::max_in_flight_per_worker),
       uint_field("acquire_timeout_ms", &PoolConfig::acquire_timeout_ms),
       uint_field("request_timeout_ms", &PoolConfig::request_timeout_ms),
       uint_field("recycle_after_requests", &PoolConfig::recycle_after_requests),
       uint_field("recycle_jitter", &PoolConfig::recycle_jitter),
       uint_field("max_rss_mb", &PoolConfig::max_rss_mb),
       uint_field("rss_check_interval_ms", &PoolConfig::rss_check_interval_ms),
       uint_field("respawn_initial_ms", &PoolConfig::respawn_initial_ms),
       fraction_field("respawn_multiplier", &PoolConfig::respawn_multiplier, 10.0),
       fraction_field("respawn_jitter", &PoolConfig::respawn_jitter, 1.0),
       uint_field("respawn_max_ms", &PoolConfig::respawn_max_ms),
       uint_field("health_ping_timeout_ms", &PoolConfig::health_ping_timeout_ms),
       uint_field("stop_grace_ms", &PoolConfig::stop_grace_ms),
       uint_field("breaker_min_calls", &PoolConfig::breaker_min_calls),
       uint_field("breaker_window_ms", &PoolConfig::breaker_window_ms),
       uint_field("breaker_open_ms", &PoolConfig::breaker_open_ms),
       uint_field("seed", &PoolConfig::seed),
   };
   return k_table;
}

std::string env_name(std::string_view field) {
   std::string name = "PMAT_CLAUDE_";
   for (char c : field)
      name.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
   return name;
}

} // namespace

BreakerConfig PoolConfig::breaker() const {
   BreakerConfig b;
   b.failure_threshold = failure_threshold;
   b.minimum_calls = breaker_min_calls;
   b.window_ns = breaker_window_ms * k_ns_per_ms;
   b.open_ns = breaker_open_ms * k_ns_per_ms;
   return b;
}

Status apply_setting(PoolConfig &config, std::string_view field, std::string_view value) {
   for (const Field &f : fields())
      if (field == f.name)
         return f.set(config, field, value);
   return make_error(PMAT_STATUS_NOT_FOUND, "unknown bridge setting " + std::string(field));
}

EnvLookup process_environment() {
   return [](const char *name) -> std::optional<std::string> {
      const char *v = std::getenv(name);
      return v != nullptr ? std::optional<std::string>(v) : std::nullopt;
   };
}

Result<PoolConfig> apply_environment(PoolConfig config, const EnvLookup &lookup) {
   // Upstream's name first, so that PMAT_CLAUDE_POOL_SIZE (applied below) wins.
   if (auto upstream = lookup("CLAUDE_POOL_SIZE"))
      if (Status s = apply_setting(config, "pool_size", *upstream); !s.ok())
         return make_error(s.code, "CLAUDE_POOL_SIZE: " + s.message);
   // PMAT_CLAUDE_BRIDGE_PATH would be the mechanical name; the documented one is shorter.
   if (auto bridge = lookup("PMAT_CLAUDE_BRIDGE"))
      if (Status s = apply_setting(config, "bridge_path", *bridge); !s.ok())
         return make_error(s.code, "PMAT_CLAUDE_BRIDGE: " + s.message);
   for (const Field &f : fields()) {
      const std::string name = env_name(f.name);
      if (auto value = lookup(name.c_str()))
         if (Status s = f.set(config, f.name, *value); !s.ok())
            return make_error(s.code, name + ": " + s.message);
   }
   if (Status s = validate(config); !s.ok())
      return s;
   return config;
}

Status validate(const PoolConfig &c) {
   auto invalid = [](std::string what) {
      return make_error(PMAT_STATUS_INVALID_ARGUMENT, std::move(what));
   };
   if (c.pool_size < 1 || c.pool_size > 100)
      return invalid("pool_size must be 1..100 (upstream MAX_POOL_SIZE), got " +
                     std::to_string(c.pool_size));
   if (c.min_workers > c.pool_size)
      return invalid("min_workers exceeds pool_size");
   if (c.max_in_flight_per_worker < 1)
      return invalid("max_in_flight_per_worker must be at least 1");
   if (c.failure_threshold < 1)
      return invalid("failure_threshold must be at least 1");
   if (c.init_timeout_ms < 1 || c.acquire_timeout_ms < 1 || c.request_timeout_ms < 1)
      return invalid("timeouts must be at least 1 ms");
   return Status::success();
}

} // namespace pmat::bridge
