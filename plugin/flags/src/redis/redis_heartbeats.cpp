// SPDX-License-Identifier: MIT
// The fleet view in Redis: one expiring key per host, renewed by its heartbeat.
#include <pmat/flags/redis_source.hpp>

#include "redis_link.hpp"

#include <hiredis/hiredis.h>

namespace pmat::flags {
namespace {

std::string text_of(const redisReply *reply) {
   return reply && reply->type == REDIS_REPLY_STRING ? std::string(reply->str, reply->len) : "";
}

// SCAN (never KEYS) for every heartbeat key; false when the connection broke.
bool scan_keys(detail::RedisLink &link, const std::string &pattern,
               std::vector<std::string> &keys) {
   std::string cursor = "0";
   do {
      const detail::Reply reply = link.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
      if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 2)
         return false;
      cursor = text_of(reply->element[0]);
      const redisReply *batch = reply->element[1];
      for (std::size_t i = 0; i < batch->elements; ++i)
         keys.push_back(text_of(batch->element[i]));
   } while (cursor != "0");
   return true;
}

} // namespace

bool RedisFlagSource::heartbeat(const std::string &host_id, const std::string &json,
                                std::uint64_t ttl_ms) {
   if (!tick_link_)
      return false;
   const detail::Reply reply = tick_link_->command(
       {"SET", options_.key_prefix + "host:" + host_id, json, "PX", std::to_string(ttl_ms)});
   return reply && reply->type == REDIS_REPLY_STATUS;
}

std::optional<std::vector<std::string>> RedisFlagSource::heartbeats(std::string &error) noexcept {
   try {
      const auto link = detail::open_link(options_.spec, options_.connect_timeout,
                                          options_.command_timeout, error);
      std::vector<std::string> keys;
      if (!link || !scan_keys(*link, options_.key_prefix + "host:*", keys)) {
         error = location() + ": " + (link ? link->error() : error);
         return std::nullopt;
      }
      std::vector<std::string> out;
      for (const auto &key : keys) {
         const detail::Reply reply = link->command({"GET", key});
         if (reply && reply->type == REDIS_REPLY_STRING) // may have expired since the scan
            out.push_back(text_of(reply.get()));
      }
      return out;
   } catch (const std::exception &e) {
      error = e.what();
      return std::nullopt;
   }
}

} // namespace pmat::flags
