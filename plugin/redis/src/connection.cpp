// SPDX-License-Identifier: MIT
#include <pmat/redis/connection.hpp>

#include <hiredis/hiredis.h>

#include <vector>

namespace pmat::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
   timeval tv{};
   tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
   tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
   return tv;
}

// One command on `context`; nullptr when the connection broke (hiredis then sets context->err).
template <typename Args> Reply run(redisContext *context, const Args &args) {
   std::vector<const char *> argv;
   std::vector<std::size_t> lengths;
   for (const auto &arg : args) {
      argv.push_back(arg.data());
      lengths.push_back(arg.size());
   }
   Reply reply(static_cast<redisReply *>(
       redisCommandArgv(context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
   return context->err ? nullptr : std::move(reply);
}

} // namespace

void ReplyDeleter::operator()(redisReply *reply) const noexcept {
   freeReplyObject(reply);
}

std::unique_ptr<Connection> Connection::open(const std::string &host, int port,
                                             std::chrono::milliseconds connect_timeout,
                                             std::chrono::milliseconds command_timeout,
                                             std::string &error) {
   redisContext *context = redisConnectWithTimeout(host.c_str(), port, to_timeval(connect_timeout));
   if (!context || context->err) {
      error = context ? context->errstr : "cannot allocate a connection";
      redisFree(context);
      return nullptr;
   }
   if (redisSetTimeout(context, to_timeval(command_timeout)) != REDIS_OK) {
      error = "cannot set the command timeout";
      redisFree(context);
      return nullptr;
   }
   return std::unique_ptr<Connection>(new Connection(context));
}

Connection::~Connection() {
   redisFree(context_);
}

Reply Connection::command(std::initializer_list<std::string_view> args) {
   return run(context_, args);
}

Reply Connection::command(const std::vector<std::string_view> &args) {
   return run(context_, args);
}

Reply Connection::command(const std::vector<std::string> &args) {
   return run(context_, args);
}

bool Connection::next_buffered(Reply &out) {
   void *reply = nullptr;
   if (redisGetReplyFromReader(context_, &reply) != REDIS_OK)
      return false;
   out.reset(static_cast<redisReply *>(reply));
   return out != nullptr;
}

bool Connection::read_socket() {
   return redisBufferRead(context_) == REDIS_OK;
}

int Connection::fd() const noexcept {
   return context_->fd;
}

std::string Connection::error() const {
   return context_->err ? std::string(context_->errstr) : std::string("connection closed");
}

} // namespace pmat::redis
