// SPDX-License-Identifier: MIT
#include "redis_link.hpp"

#include <hiredis/hiredis.h>

#include <vector>

namespace pmat::flags::detail {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
   timeval tv{};
   tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
   tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
   return tv;
}

bool refused(const Reply &reply) {
   return !reply || reply->type == REDIS_REPLY_ERROR;
}

std::string reply_error(const Reply &reply, const RedisLink &link) {
   return reply ? std::string(reply->str, reply->len) : link.error();
}

} // namespace

void ReplyDeleter::operator()(redisReply *reply) const noexcept {
   freeReplyObject(reply);
}

std::unique_ptr<RedisLink> RedisLink::open(const RedisSourceSpec &spec,
                                           std::chrono::milliseconds connect_timeout,
                                           std::chrono::milliseconds command_timeout,
                                           std::string &error) {
   redisContext *context =
       redisConnectWithTimeout(spec.host.c_str(), spec.port, to_timeval(connect_timeout));
   if (!context || context->err) {
      error = context ? context->errstr : "cannot allocate a connection";
      redisFree(context);
      return nullptr;
   }
   std::unique_ptr<RedisLink> link(new RedisLink(context));
   redisSetTimeout(context, to_timeval(command_timeout));
   if (!spec.password.empty()) {
      const Reply auth = spec.user.empty() ? link->command({"AUTH", spec.password})
                                           : link->command({"AUTH", spec.user, spec.password});
      if (refused(auth)) {
         error = "AUTH refused: " + reply_error(auth, *link);
         return nullptr;
      }
   }
   const Reply select = link->command({"SELECT", std::to_string(spec.db)});
   if (refused(select)) {
      error = "SELECT " + std::to_string(spec.db) + " refused: " + reply_error(select, *link);
      return nullptr;
   }
   return link;
}

RedisLink::~RedisLink() {
   redisFree(context_);
}

Reply RedisLink::command(const std::vector<std::string> &args) {
   std::vector<const char *> argv;
   std::vector<std::size_t> lengths;
   for (const auto &arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
   }
   Reply reply(static_cast<redisReply *>(
       redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data())));
   return context_->err ? nullptr : std::move(reply);
}

Reply RedisLink::command(std::initializer_list<std::string_view> args) {
   std::vector<const char *> argv;
   std::vector<std::size_t> lengths;
   for (const auto arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
   }
   Reply reply(static_cast<redisReply *>(
       redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), lengths.data())));
   return context_->err ? nullptr : std::move(reply);
}

bool RedisLink::next_buffered(Reply &out) {
   void *reply = nullptr;
   if (redisGetReplyFromReader(context_, &reply) != REDIS_OK)
      return false;
   out.reset(static_cast<redisReply *>(reply));
   return out != nullptr;
}

bool RedisLink::read_socket() {
   return redisBufferRead(context_) == REDIS_OK;
}

int RedisLink::fd() const noexcept {
   return context_->fd;
}

std::string RedisLink::error() const {
   return context_->err ? std::string(context_->errstr) : std::string("connection closed");
}

} // namespace pmat::flags::detail
