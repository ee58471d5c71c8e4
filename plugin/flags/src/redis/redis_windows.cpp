// SPDX-License-Identifier: MIT
// The fleet's rollback windows in Redis: one hash per window, incremented by every host.
#include <pmat/flags/redis_source.hpp>

#include "redis_link.hpp"

#include <hiredis/hiredis.h>

#include <algorithm>

namespace pmat::flags {
namespace {

// KEYS[1] the window's hash; ARGV[1] its lifetime in ms, then field, increment pairs.
constexpr const char *k_add_counts = R"lua(
for i = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
)lua";

std::vector<std::string> fields(const WindowCounts &w) {
   std::vector<std::string> out{"r", std::to_string(w.requests), "e", std::to_string(w.errors),
                                "s", std::to_string(w.slow)};
   for (std::size_t i = 0; i < w.buckets.size(); ++i) {
      out.push_back("b" + std::to_string(i));
      out.push_back(std::to_string(w.buckets[i]));
   }
   return out;
}

std::uint64_t number(const redisReply *reply) {
   return reply && reply->type == REDIS_REPLY_STRING
              ? std::stoull(std::string(reply->str, reply->len))
              : 0;
}

WindowCounts counts_of(const redisReply *reply, std::uint64_t index) {
   WindowCounts w;
   w.index = index;
   w.requests = number(reply->element[0]);
   w.errors = number(reply->element[1]);
   w.slow = number(reply->element[2]);
   for (std::size_t i = 0; i < w.buckets.size(); ++i)
      w.buckets[i] = number(reply->element[3 + i]);
   return w;
}

} // namespace

bool RedisFlagSource::add_windows(std::uint64_t window_ms,
                                  const std::vector<WindowCounts> &counts) {
   if (!tick_link_)
      return false;
   const std::string lifetime = std::to_string(std::max<std::uint64_t>(120'000, 20 * window_ms));
   for (const auto &w : counts) {
      std::vector<std::string> args{"EVAL", k_add_counts, "1", window_key(window_ms, w.index),
                                    lifetime};
      for (auto &field : fields(w))
         args.push_back(std::move(field));
      const detail::Reply reply = tick_link_->command(args);
      if (!reply || reply->type != REDIS_REPLY_INTEGER)
         return false;
   }
   return true;
}

std::optional<std::vector<WindowCounts>>
RedisFlagSource::fleet_windows(std::uint64_t window_ms, std::uint64_t first, std::size_t count) {
   if (!tick_link_)
      return std::nullopt;
   std::vector<WindowCounts> out;
   for (std::uint64_t index = first; index < first + count; ++index) {
      std::vector<std::string> args{"HMGET", window_key(window_ms, index), "r", "e", "s"};
      for (std::size_t i = 0; i < WindowCounts{}.buckets.size(); ++i)
         args.push_back("b" + std::to_string(i));
      const detail::Reply reply = tick_link_->command(args);
      if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != args.size() - 2)
         return std::nullopt;
      out.push_back(counts_of(reply.get(), index));
   }
   return out;
}

} // namespace pmat::flags
