// SPDX-License-Identifier: MIT
// One hiredis connection to the flags source, with AUTH and SELECT done, short timeouts, and the
// non-blocking reads a subscriber needs. hiredis contexts are not thread-safe: one thread uses a
// link at a time.
#pragma once

#include <pmat/flags/source_spec.hpp>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct redisContext;
struct redisReply;

namespace pmat::flags::detail {

struct ReplyDeleter {
   void operator()(redisReply *reply) const noexcept;
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

class RedisLink {
 public:
   // nullptr (and `error`) when the server cannot be reached or refuses AUTH/SELECT.
   static std::unique_ptr<RedisLink> open(const RedisSourceSpec &spec,
                                          std::chrono::milliseconds connect_timeout,
                                          std::chrono::milliseconds command_timeout,
                                          std::string &error);
   ~RedisLink();
   RedisLink(const RedisLink &) = delete;
   RedisLink &operator=(const RedisLink &) = delete;

   // One command; nullptr when the connection broke (error() says why). A Redis error reply
   // is returned as a reply of type REDIS_REPLY_ERROR.
   Reply command(std::initializer_list<std::string_view> args);
   Reply command(const std::vector<std::string> &args);
   // Subscriber mode: a reply already received and parsed, if any (never blocks).
   bool next_buffered(Reply &out);
   // Reads what the socket has (call when poll() says readable). False when it closed.
   bool read_socket();
   int fd() const noexcept;
   std::string error() const;

 private:
   explicit RedisLink(redisContext *context) : context_(context) {}
   redisContext *context_;
};

} // namespace pmat::flags::detail
