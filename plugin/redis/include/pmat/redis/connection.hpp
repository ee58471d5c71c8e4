// SPDX-License-Identifier: MIT
// One hiredis connection with short timeouts: the small Redis client the cache's Redis tier and
// the fleet's flags source share. hiredis contexts are not thread-safe: one thread uses a
// connection at a time (callers keep an idle pool or one per thread).
#pragma once

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct redisContext;
struct redisReply;

namespace pmat::redis {

struct ReplyDeleter {
   void operator()(redisReply *reply) const noexcept;
};
// A reply owned by the caller; read it with <hiredis/hiredis.h>'s redisReply fields.
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

class Connection {
 public:
   // Connects within `connect_timeout` and sets `command_timeout` on the socket. nullptr (and
   // `error` set) when the server cannot be reached or the timeout cannot be set.
   static std::unique_ptr<Connection> open(const std::string &host, int port,
                                           std::chrono::milliseconds connect_timeout,
                                           std::chrono::milliseconds command_timeout,
                                           std::string &error);
   ~Connection();
   Connection(const Connection &) = delete;
   Connection &operator=(const Connection &) = delete;

   // One command, each argument binary-safe. nullptr when the connection broke (I/O, timeout,
   // protocol; error() says why): the connection must then be discarded. A Redis error reply is
   // returned as a reply of type REDIS_REPLY_ERROR.
   Reply command(std::initializer_list<std::string_view> args);
   Reply command(const std::vector<std::string_view> &args);
   Reply command(const std::vector<std::string> &args);
   // Subscriber mode: a reply already received and parsed, if any (never blocks).
   bool next_buffered(Reply &out);
   // Reads what the socket has (call when poll() says readable). False when it closed.
   bool read_socket();
   int fd() const noexcept;
   std::string error() const;

 private:
   explicit Connection(redisContext *context) : context_(context) {}
   redisContext *context_;
};

} // namespace pmat::redis
