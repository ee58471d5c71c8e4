// SPDX-License-Identifier: MIT
// The Redis tier's commands over one connection of the shared client (plugin/redis). A connection
// is used by one thread at a time (RedisStore checks them out of a small idle pool).
#pragma once

#include <pmat/redis/connection.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pmat::cache::detail {

class RedisConnection {
 public:
   // nullptr when the server cannot be reached within `connect_timeout`.
   static std::unique_ptr<RedisConnection> open(const std::string &host, int port,
                                                std::chrono::milliseconds connect_timeout,
                                                std::chrono::milliseconds command_timeout);
   RedisConnection(const RedisConnection &) = delete;
   RedisConnection &operator=(const RedisConnection &) = delete;

   enum class Status { Ok, Missing, ServerError, Broken };
   // Status::Broken: the connection failed (I/O, timeout, protocol) and must be discarded.
   Status get(std::string_view key, std::string &out);
   Status set(std::string_view key, std::string_view value, std::uint64_t ttl_ms);
   // Deletes every key starting with `prefix` (SCAN + UNLINK, never KEYS).
   Status delete_prefix(std::string_view prefix);

 private:
   explicit RedisConnection(std::unique_ptr<pmat::redis::Connection> connection)
       : connection_(std::move(connection)) {}
   std::unique_ptr<pmat::redis::Connection> connection_;
};

} // namespace pmat::cache::detail
