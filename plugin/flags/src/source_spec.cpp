// SPDX-License-Identifier: MIT
#include <pmat/flags/source_spec.hpp>

#include <charconv>

namespace pmat::flags {
namespace {

constexpr std::string_view k_file = "file:";
constexpr std::string_view k_redis = "redis://";

bool parse_int(std::string_view text, int low, int high, int &out) {
   const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
   return ec == std::errc() && end == text.data() + text.size() && out >= low && out <= high;
}

// "user:password@" or "password@" (Redis 6 ACL user, or the legacy requirepass form).
void split_credentials(std::string_view credentials, RedisSourceSpec &spec) {
   const auto colon = credentials.find(':');
   if (colon == std::string_view::npos) {
      spec.password = std::string(credentials);
      return;
   }
   spec.user = std::string(credentials.substr(0, colon));
   spec.password = std::string(credentials.substr(colon + 1));
}

std::string parse_host_port(std::string_view authority, RedisSourceSpec &spec) {
   const auto colon = authority.rfind(':');
   spec.host = std::string(authority.substr(0, colon));
   if (spec.host.empty())
      return "redis source: missing host";
   if (colon != std::string_view::npos &&
       !parse_int(authority.substr(colon + 1), 1, 65535, spec.port))
      return "redis source: port must be 1..65535";
   return "";
}

SpecResult parse_redis(std::string_view rest) {
   RedisSourceSpec spec;
   const auto slash = rest.find('/');
   std::string_view authority = rest.substr(0, slash);
   const auto at = authority.rfind('@');
   if (at != std::string_view::npos) {
      split_credentials(authority.substr(0, at), spec);
      authority = authority.substr(at + 1);
   }
   std::string error = parse_host_port(authority, spec);
   if (error.empty() && slash != std::string_view::npos && slash + 1 < rest.size() &&
       !parse_int(rest.substr(slash + 1), 0, 1 << 20, spec.db))
      error = "redis source: database must be a number, as in redis://host:6379/0";
   if (!error.empty())
      return {false, {}, error};
   return {true, SourceSpec{spec}, ""};
}

} // namespace

SpecResult parse_source_spec(std::string_view text) noexcept {
   try {
      if (text.starts_with(k_redis))
         return parse_redis(text.substr(k_redis.size()));
      if (text.starts_with(k_file) && text.size() > k_file.size())
         return {true, SourceSpec{FileSourceSpec{std::string(text.substr(k_file.size()))}}, ""};
      return {false,
              {},
              "flags source must be file:PATH or redis://[user:password@]host:port/db, got \"" +
                  std::string(text) + "\""};
   } catch (...) {
      return {false, {}, "flags source: out of memory"};
   }
}

std::string describe(const SourceSpec &spec) {
   if (const auto *file = std::get_if<FileSourceSpec>(&spec.where))
      return "file:" + file->path.string();
   const auto &redis = std::get<RedisSourceSpec>(spec.where);
   std::string credentials;
   if (!redis.user.empty() || !redis.password.empty())
      credentials = (redis.user.empty() ? "" : redis.user + ":") + "***@";
   return "redis://" + credentials + redis.host + ":" + std::to_string(redis.port) + "/" +
          std::to_string(redis.db);
}

} // namespace pmat::flags
