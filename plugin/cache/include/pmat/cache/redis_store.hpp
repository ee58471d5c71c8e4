// SPDX-License-Identifier: MIT
// The shared L2: Redis, so a fleet of CI runners shares results. Short connect and command
// timeouts; any failure turns the store "down" for a backoff period (doubling up to a cap) during
// which operations are skipped at once, so a Redis outage costs a request nothing but the first
// timeout. Entries use the same self-verifying format as the disk tier and a server-side TTL.
#pragma once

#include "clock.hpp"
#include "l2_store.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pmat::cache {

namespace detail {
class RedisConnection;
}

struct RedisStoreConfig {
   std::string host = "127.0.0.1";
   int port = 6379;
   std::string key_prefix = "pmat:cache:v1:";
   std::chrono::milliseconds connect_timeout{50};
   std::chrono::milliseconds command_timeout{50};
   std::uint64_t backoff_initial_ns = 100'000'000;   // 100 ms
   std::uint64_t backoff_max_ns = 10'000'000'000ull; // 10 s
   std::size_t max_idle_connections = 4;
   std::uint64_t max_entry_bytes = 16u << 20;
};

class RedisStore final : public L2Store {
 public:
   // `now`: monotonic ns for the backoff (the host's now_ns). Does not connect until first use.
   RedisStore(RedisStoreConfig config, NowFn now);
   ~RedisStore() override;

   std::string name() const override { return "redis"; }
   ValuePtr get(const Key &key) noexcept override;
   void put(const Key &key, const Value &value, std::uint64_t ttl_ns) noexcept override;
   // Deletes this prefix's keys on the server: every runner sharing it loses them.
   void clear() noexcept override;
   L2Stats stats() const override;

 private:
   using Connection = std::unique_ptr<detail::RedisConnection>;
   Connection checkout();
   void checkin(Connection c);
   void mark_down();
   void mark_up();
   ValuePtr lookup(const Key &key);
   void store(const Key &key, const Value &value, std::uint64_t ttl_ns);

   RedisStoreConfig config_;
   NowFn now_;
   mutable std::mutex mu_;
   std::vector<Connection> idle_;
   bool down_ = false;
   std::uint64_t down_until_ = 0;
   std::uint64_t backoff_ns_ = 0;
   L2Stats counters_;
};

} // namespace pmat::cache
