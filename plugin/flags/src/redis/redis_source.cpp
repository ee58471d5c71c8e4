// SPDX-License-Identifier: MIT
#include <pmat/flags/parse.hpp>
#include <pmat/flags/redis_source.hpp>

#include "redis_link.hpp"

#include <hiredis/hiredis.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace pmat::flags {
namespace {

using detail::RedisLink;
using detail::Reply;
using Clock = std::chrono::steady_clock;

// KEYS[1] document hash; ARGV: the revision the editor read, the new document, the channel.
constexpr std::string_view k_compare_and_set = R"lua(
local current = redis.call('HGET', KEYS[1], 'rev') or '0'
if current ~= ARGV[1] then return -1 end
local rev = redis.call('HINCRBY', KEYS[1], 'rev', 1)
redis.call('HSET', KEYS[1], 'doc', ARGV[2])
redis.call('PUBLISH', ARGV[3], rev)
return rev
)lua";

constexpr int k_max_edit_attempts = 64;

std::string text_of(const redisReply *reply) {
   return reply && reply->type == REDIS_REPLY_STRING ? std::string(reply->str, reply->len) : "";
}

FetchResult read_document(RedisLink &link, const std::string &key) {
   const Reply reply = link.command({"HMGET", key, "doc", "rev"});
   if (!reply)
      return {false, {}, link.error()};
   if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2)
      return {false, {}, "unexpected reply to HMGET " + key};
   FetchResult result{true, {}, ""};
   result.document.present = reply->element[0]->type == REDIS_REPLY_STRING;
   result.document.text = text_of(reply->element[0]);
   const std::string rev = text_of(reply->element[1]);
   result.document.revision = rev.empty() ? 0 : std::stoull(rev);
   return result;
}

bool is_message(const Reply &reply) {
   return reply && reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 &&
          text_of(reply->element[0]) == "message";
}

std::chrono::milliseconds until(Clock::time_point deadline) {
   const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
   return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

// The document after `edit`, or the reason it cannot be edited.
struct Edited {
   std::string before, after, error;
};

Edited apply_edit(const SourceDocument &current, const std::function<void(FlagsConfig &)> &edit) {
   FlagsConfig config;
   if (current.present) {
      ParseResult parsed = parse_flags_json(current.text);
      if (!parsed.config)
         return {"", "", "the stored flags are malformed (" + parsed.error + "); not overwritten"};
      config = std::move(*parsed.config);
   }
   Edited edited{current.present ? to_json(config) : std::string(), "", ""};
   edit(config);
   config.normalize();
   edited.after = to_json(config);
   return edited;
}

} // namespace

RedisFlagSource::RedisFlagSource(RedisSourceOptions options) : options_(std::move(options)) {}

RedisFlagSource::~RedisFlagSource() {
   stop();
}

std::string RedisFlagSource::location() const {
   return describe(SourceSpec{options_.spec});
}

FetchResult RedisFlagSource::fetch() noexcept {
   try {
      std::string error;
      const auto link = detail::open_link(options_.spec, options_.connect_timeout,
                                          options_.command_timeout, error);
      return link ? read_document(*link, document_key()) : FetchResult{false, {}, error};
   } catch (const std::exception &e) {
      return {false, {}, e.what()};
   }
}

// One compare-and-set attempt; nullopt when another editor changed the document meanwhile.
std::optional<UpdateResult>
RedisFlagSource::try_update(RedisLink &link, const std::function<void(FlagsConfig &)> &edit) {
   const FetchResult current = read_document(link, document_key());
   if (!current.ok)
      return UpdateResult{false, false, {}, location() + ": " + current.error};
   const Edited edited = apply_edit(current.document, edit);
   if (!edited.error.empty())
      return UpdateResult{false, false, {}, location() + ": " + edited.error};
   if (edited.after == edited.before)
      return UpdateResult{true, false, current.document, ""};
   const Reply reply =
       link.command({"EVAL", k_compare_and_set, "1", document_key(),
                     std::to_string(current.document.revision), edited.after, channel()});
   if (!reply || reply->type != REDIS_REPLY_INTEGER)
      return UpdateResult{
          false, false, {}, location() + ": " + (reply ? text_of(reply.get()) : link.error())};
   if (reply->integer < 0)
      return std::nullopt;
   return UpdateResult{
       true, true, {true, edited.after, static_cast<std::uint64_t>(reply->integer)}, ""};
}

UpdateResult RedisFlagSource::update(const std::function<void(FlagsConfig &)> &edit) noexcept {
   try {
      std::string error;
      const auto link = detail::open_link(options_.spec, options_.connect_timeout,
                                          options_.command_timeout, error);
      if (!link)
         return {false, false, {}, location() + ": " + error};
      for (int attempt = 0; attempt < k_max_edit_attempts; ++attempt)
         if (auto result = try_update(*link, edit))
            return *result;
      return {false, false, {}, location() + ": the document kept changing; try again"};
   } catch (const std::exception &e) {
      return {false, false, {}, e.what()};
   }
}

void RedisFlagSource::start(SourceEvents events) {
   if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0)
      throw std::runtime_error("flags source: cannot create its wake-up pipe");
   events_ = std::move(events);
   thread_ = std::thread([this] { run(); });
}

void RedisFlagSource::stop() noexcept {
   if (stopping_.exchange(true) || !thread_.joinable())
      return;
   const char byte = 1;
   [[maybe_unused]] const auto written = ::write(wake_[1], &byte, 1);
   thread_.join();
   ::close(wake_[0]);
   ::close(wake_[1]);
}

bool RedisFlagSource::wait_for_stop(std::chrono::milliseconds timeout) const {
   pollfd wake{wake_[0], POLLIN, 0};
   ::poll(&wake, 1, static_cast<int>(timeout.count()));
   return stopping_.load();
}

// True when a change was announced; consumes every reply already received.
namespace {

bool drain_announcements(RedisLink &subscriber) {
   bool announced = false;
   Reply reply;
   while (subscriber.next_buffered(reply))
      announced = announced || is_message(reply);
   return announced;
}

} // namespace

std::string RedisFlagSource::session(bool &connected) {
   std::string error;
   const auto subscriber =
       detail::open_link(options_.spec, options_.connect_timeout, options_.command_timeout, error);
   if (!subscriber)
      return error;
   const Reply subscribed = subscriber->command({"SUBSCRIBE", channel()});
   if (!subscribed || subscribed->type != REDIS_REPLY_ARRAY)
      return "SUBSCRIBE refused: " + (subscribed ? text_of(subscribed.get()) : subscriber->error());
   const auto reader =
       detail::open_link(options_.spec, options_.connect_timeout, options_.command_timeout, error);
   if (!reader)
      return error;
   connected = true;
   tick_link_ = reader.get();
   std::string ended = listen(*subscriber, *reader);
   tick_link_ = nullptr;
   return ended;
}

// Reads the document and delivers it; "" or the reason the connection must be dropped.
std::string RedisFlagSource::deliver(RedisLink &reader) {
   const FetchResult fetched = read_document(reader, document_key());
   if (!fetched.ok)
      return fetched.error;
   events_.document(fetched.document);
   return "";
}

// Subscribed first, then read: a change made between the two is announced, never missed.
std::string RedisFlagSource::listen(RedisLink &subscriber, RedisLink &reader) {
   auto next_resync = Clock::now();
   auto next_tick = Clock::now();
   for (;;) {
      if (drain_announcements(subscriber) || Clock::now() >= next_resync) {
         if (std::string error = deliver(reader); !error.empty())
            return error;
         next_resync = Clock::now() + options_.resync_interval;
      }
      if (Clock::now() >= next_tick) {
         tick();
         next_tick = Clock::now() + options_.tick_interval;
      }
      pollfd fds[2] = {{subscriber.fd(), POLLIN, 0}, {wake_[0], POLLIN, 0}};
      ::poll(fds, 2, static_cast<int>(std::min(until(next_resync), until(next_tick)).count()));
      if (stopping_.load())
         return "";
      if (fds[0].revents != 0 && !subscriber.read_socket())
         return subscriber.error();
   }
}

void RedisFlagSource::tick() {
   if (events_.tick)
      events_.tick();
}

void RedisFlagSource::run() {
   auto backoff = options_.backoff_initial;
   while (!stopping_.load()) {
      bool connected = false;
      const std::string error = session(connected);
      if (stopping_.load())
         return;
      if (connected)
         backoff = options_.backoff_initial;
      events_.failure(error);
      if (wait_for_stop(backoff))
         return;
      backoff = std::min(backoff * 2, options_.backoff_max);
   }
}

} // namespace pmat::flags
