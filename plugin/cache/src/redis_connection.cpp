// SPDX-License-Identifier: MIT
#include "redis_connection.hpp"

#include <hiredis/hiredis.h>

#include <vector>

namespace pmat::cache::detail {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
   timeval tv{};
   tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
   tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
   return tv;
}

struct ReplyDeleter {
   void operator()(redisReply *r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Reply command_argv(redisContext *ctx, const std::vector<std::string_view> &args) {
   std::vector<const char *> argv;
   std::vector<std::size_t> lens;
   for (const auto a : args) {
      argv.push_back(a.data());
      lens.push_back(a.size());
   }
   return Reply(static_cast<redisReply *>(
       redisCommandArgv(ctx, static_cast<int>(args.size()), argv.data(), lens.data())));
}

} // namespace

std::unique_ptr<RedisConnection> RedisConnection::open(const std::string &host, int port,
                                                       std::chrono::milliseconds connect_timeout,
                                                       std::chrono::milliseconds command_timeout) {
   redisContext *ctx = redisConnectWithTimeout(host.c_str(), port, to_timeval(connect_timeout));
   if (!ctx)
      return nullptr;
   if (ctx->err || redisSetTimeout(ctx, to_timeval(command_timeout)) != REDIS_OK) {
      redisFree(ctx);
      return nullptr;
   }
   return std::unique_ptr<RedisConnection>(new RedisConnection(ctx));
}

RedisConnection::~RedisConnection() {
   redisFree(ctx_);
}

RedisConnection::Status RedisConnection::get(std::string_view key, std::string &out) {
   const Reply r = command_argv(ctx_, {"GET", key});
   if (!r || ctx_->err)
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
   const Reply r = command_argv(ctx_, {"SET", key, value, "PX", ttl});
   if (!r || ctx_->err)
      return Status::Broken;
   return r->type == REDIS_REPLY_STATUS ? Status::Ok : Status::ServerError;
}

RedisConnection::Status RedisConnection::delete_prefix(std::string_view prefix) {
   std::string cursor = "0";
   const std::string pattern = std::string(prefix) + "*";
   do {
      const Reply r = command_argv(ctx_, {"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
      if (!r || ctx_->err)
         return Status::Broken;
      if (r->type != REDIS_REPLY_ARRAY || r->elements != 2)
         return Status::ServerError;
      cursor.assign(r->element[0]->str, r->element[0]->len);
      const redisReply *keys = r->element[1];
      std::vector<std::string_view> args{"UNLINK"};
      for (std::size_t i = 0; i < keys->elements; ++i)
         args.emplace_back(keys->element[i]->str, keys->element[i]->len);
      if (args.size() > 1 && !command_argv(ctx_, args))
         return Status::Broken;
   } while (cursor != "0");
   return Status::Ok;
}

} // namespace pmat::cache::detail
