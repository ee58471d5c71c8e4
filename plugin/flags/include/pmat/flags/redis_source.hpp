// SPDX-License-Identifier: MIT
// The fleet's flags document in Redis (docs/flags.md "Fleet source"):
//   <prefix>document        a hash: "doc" (the JSON document), "rev" (edits so far)
//   <prefix>changes:<db>    pub/sub channel; every edit publishes its revision
// An edit is one Lua script that stores the document only if "rev" is still the one the editor
// read (else the editor re-reads and re-applies its change), bumps "rev" and publishes, all
// atomically: two operators never lose each other's change. The source's thread subscribes,
// reads the document on every announcement, on every (re)connection and every resync_interval
// as a safety net, and reconnects with exponential backoff when Redis is away.
//   <prefix>window:<window_ms>:<index>   a hash of the fleet's counts in one rollback window
//                                        (r, e, s, b0..b7: requests, errors, slow, latency buckets)
//   <prefix>host:<host id>               a host's heartbeat (JSON), expiring unless renewed
#pragma once

#include "source.hpp"
#include "source_spec.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace pmat::redis {
class Connection;
}

namespace pmat::flags {

namespace detail {
using RedisLink = pmat::redis::Connection; // plugin/redis's client; src/redis/redis_link.hpp
}

struct RedisSourceOptions {
   RedisSourceSpec spec;
   std::string key_prefix = "pmat:flags:v1:";
   std::chrono::milliseconds connect_timeout{200};
   std::chrono::milliseconds command_timeout{500};
   std::chrono::milliseconds resync_interval{5000}; // periodic re-read, in case a message is lost
   std::chrono::milliseconds backoff_initial{50};   // first reconnection delay, doubled each time
   std::chrono::milliseconds backoff_max{2000};
   std::chrono::milliseconds tick_interval{100};
};

class RedisFlagSource final : public DocumentSource {
 public:
   // Does not connect until start() or a call.
   explicit RedisFlagSource(RedisSourceOptions options);
   ~RedisFlagSource() override; // stop()s

   std::string location() const override;
   FetchResult fetch() noexcept override;
   UpdateResult update(const std::function<void(FlagsConfig &)> &edit) noexcept override;
   void start(SourceEvents events) override;
   void stop() noexcept override;
   bool add_windows(std::uint64_t window_ms, const std::vector<WindowCounts> &counts) override;
   std::optional<std::vector<WindowCounts>>
   fleet_windows(std::uint64_t window_ms, std::uint64_t first, std::size_t count) override;
   bool heartbeat(const std::string &host_id, const std::string &json,
                  std::uint64_t ttl_ms) override;
   std::optional<std::vector<std::string>> heartbeats(std::string &error) noexcept override;

   std::string document_key() const { return options_.key_prefix + "document"; }
   std::string window_key(std::uint64_t window_ms, std::uint64_t index) const {
      return options_.key_prefix + "window:" + std::to_string(window_ms) + ":" +
             std::to_string(index);
   }
   std::string channel() const {
      return options_.key_prefix + "changes:" + std::to_string(options_.spec.db);
   }

 private:
   void run();
   std::string session(bool &connected);
   std::string listen(detail::RedisLink &subscriber, detail::RedisLink &reader);
   std::string deliver(detail::RedisLink &reader);
   void tick();
   std::optional<UpdateResult> try_update(detail::RedisLink &link,
                                          const std::function<void(FlagsConfig &)> &edit);
   bool wait_for_stop(std::chrono::milliseconds timeout) const;

   RedisSourceOptions options_;
   SourceEvents events_;
   std::thread thread_;
   int wake_[2] = {-1, -1}; // stop() writes to wake_[1]; the thread polls wake_[0]
   std::atomic<bool> stopping_{false};
   detail::RedisLink *tick_link_ = nullptr; // the thread's reader while connected
};

} // namespace pmat::flags
