// SPDX-License-Identifier: MIT
#include "redis_connection.hpp"

#include <hiredis/hiredis.h>

#include <vector>

namespace pmat::cache::detail {

std::unique_ptr<RedisConnection> RedisConnection::open(const std::string &host, int port,
                                                       std::chrono::milliseconds connect_timeout,
                                                       std::chrono::milliseconds command_timeout) {
   std::string error;
   auto connection =
       pmat::redis::Connection::open(host, port, connect_timeout, command_timeout, error);
   if (!connection)
      return nullptr;
   return std::unique_ptr<RedisConnection>(new RedisConnection(std::move(connection)));
}

RedisConnection::Status RedisConnection::get(std::string_view key, std::string &out) {
   const pmat::redis::Reply r = connection_->command({"GET", key});
   if (!r)
      return Status::Broken;
   if (r->type == REDIS_REPLY_NIL)
      return Status::Missing;
   if (r->type != REDIS_REPLY_STRING)
      return Status::ServerError;
   out.assign(r->str, r->len);
   return Status::Ok;
}

RedisConnection::Status RedisConnection::set(std::string_view key, std::string_view value,
                                             std::uint64_t ttl_ms) {
   const std::string ttl = std::to_string(ttl_ms == 0 ? 1 : ttl_ms);
   const pmat::redis::Reply r = connection_->command({"SET", key, value, "PX", ttl});
   if (!r)
      return Status::Broken;
   return r->type == REDIS_REPLY_STATUS ? Status::Ok : Status::ServerError;
}

RedisConnection::Status RedisConnection::delete_prefix(std::string_view prefix) {
   std::string cursor = "0";
   const std::string pattern = std::string(prefix) + "*";
   do {
      const pmat::redis::Reply r =
          connection_->command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
      if (!r)
         return Status::Broken;
      if (r->type != REDIS_REPLY_ARRAY || r->elements != 2)
         return Status::ServerError;
      cursor.assign(r->element[0]->str, r->element[0]->len);
      const redisReply *keys = r->element[1];
      std::vector<std::string_view> args{"UNLINK"};
      for (std::size_t i = 0; i < keys->elements; ++i)
         args.emplace_back(keys->element[i]->str, keys->element[i]->len);
      if (args.size() > 1 && !connection_->command(args))
         return Status::Broken;
   } while (cursor != "0");
   return Status::Ok;
}

} // namespace pmat::cache::detail
