// SPDX-License-Identifier: MIT
#include "redis_connection.hpp"

#include <pmat/cache/entry_codec.hpp>
#include <pmat/cache/redis_store.hpp>

namespace pmat::cache {

using detail::RedisConnection;

RedisStore::RedisStore(RedisStoreConfig config, NowFn now)
    : config_(std::move(config)), now_(std::move(now)), backoff_ns_(config_.backoff_initial_ns) {}

RedisStore::~RedisStore() = default;

// A connection from the idle pool, a new one, or null while down (backoff) or unreachable.
RedisStore::Connection RedisStore::checkout() {
   {
      std::lock_guard lock(mu_);
      if (down_ && now_() < down_until_) {
         ++counters_.outage_skips;
         return nullptr;
      }
      if (!idle_.empty()) {
         Connection c = std::move(idle_.back());
         idle_.pop_back();
         return c;
      }
   }
   Connection c = RedisConnection::open(config_.host, config_.port, config_.connect_timeout,
                                        config_.command_timeout);
   if (!c)
      mark_down();
   return c;
}

void RedisStore::checkin(Connection c) {
   std::lock_guard lock(mu_);
   if (idle_.size() < config_.max_idle_connections)
      idle_.push_back(std::move(c));
}

void RedisStore::mark_down() {
   std::lock_guard lock(mu_);
   if (!down_) {
      ++counters_.outages;
      backoff_ns_ = config_.backoff_initial_ns;
   } else {
      backoff_ns_ = std::min(backoff_ns_ * 2, config_.backoff_max_ns);
   }
   down_ = true;
   counters_.available = false;
   down_until_ = now_() + backoff_ns_;
   idle_.clear(); // connections opened before the outage are suspect
}

void RedisStore::mark_up() {
   std::lock_guard lock(mu_);
   down_ = false;
   counters_.available = true;
   backoff_ns_ = config_.backoff_initial_ns;
}

ValuePtr RedisStore::lookup(const Key &key) {
   Connection c = checkout();
   if (!c)
      return nullptr;
   std::string blob;
   const auto status = c->get(config_.key_prefix + key.hex(), blob);
   if (status == RedisConnection::Status::Broken) {
      mark_down();
      return nullptr;
   }
   mark_up();
   checkin(std::move(c));
   // The server enforces the TTL; 0 as "now" skips the codec's own expiry check.
   const Decoded d = status == RedisConnection::Status::Ok
                         ? decode_entry(blob, key, 0)
                         : Decoded{DecodeStatus::Expired, nullptr};
   std::lock_guard lock(mu_);
   if (d.status == DecodeStatus::Ok) {
      ++counters_.hits;
      return d.value;
   }
   ++counters_.misses;
   if (status == RedisConnection::Status::Ok)
      ++counters_.corrupt; // present but failed verification: treated as a miss
   return nullptr;
}

ValuePtr RedisStore::get(const Key &key) noexcept {
   try {
      return lookup(key);
   } catch (...) {
      return nullptr;
   }
}

void RedisStore::store(const Key &key, const Value &value, std::uint64_t ttl_ns) {
   Connection c = checkout();
   if (!c)
      return;
   const std::string blob = encode_entry(key, value, UINT64_MAX);
   const auto status = c->set(config_.key_prefix + key.hex(), blob, ttl_ns / 1'000'000);
   if (status == RedisConnection::Status::Broken) {
      mark_down();
      std::lock_guard lock(mu_);
      ++counters_.write_failures;
      return;
   }
   mark_up();
   checkin(std::move(c));
   std::lock_guard lock(mu_);
   ++(status == RedisConnection::Status::Ok ? counters_.writes : counters_.write_failures);
}

void RedisStore::put(const Key &key, const Value &value, std::uint64_t ttl_ns) noexcept {
   if (!storable(key.engine(), value.kind) || value.payload.size() > config_.max_entry_bytes)
      return;
   try {
      store(key, value, ttl_ns);
   } catch (...) {
      std::lock_guard lock(mu_);
      ++counters_.write_failures;
   }
}

void RedisStore::clear() noexcept {
   try {
      Connection c = checkout();
      if (!c)
         return;
      if (c->delete_prefix(config_.key_prefix) == RedisConnection::Status::Broken) {
         mark_down();
         return;
      }
      checkin(std::move(c));
   } catch (...) {
      // best effort, like every L2 operation
   }
}

L2Stats RedisStore::stats() const {
   std::lock_guard lock(mu_);
   return counters_;
}

} // namespace pmat::cache
