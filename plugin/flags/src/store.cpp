// SPDX-License-Identifier: MIT
#include <pmat/flags/parse.hpp>
#include <pmat/flags/store.hpp>

#include "wall_clock.hpp"

#include <algorithm>

namespace pmat::flags {

FlagStore::FlagStore(StoreOptions options, NowFn now)
    : options_(std::move(options)), now_(std::move(now)), monitor_(RollbackPolicy{}, 5000) {
   if (options_.source) {
      start_source();
      return;
   }
   std::lock_guard lock(mu_);
   publish_locked(FlagsConfig{}); // defaults (+ environment) until the file says otherwise
   reload_locked();
   next_check_.store(now_() + options_.check_interval_ns, std::memory_order_relaxed);
}

FlagStore::~FlagStore() {
   if (options_.source)
      options_.source->stop(); // no event reaches this store after it returns
}

void FlagStore::log(LogLevel level, const std::string &message) const noexcept {
   try {
      if (options_.log)
         options_.log(level, message);
   } catch (...) {
      // a failing logger must not fail the request
   }
}

void FlagStore::publish_locked(FlagsConfig config) {
   if (options_.getenv)
      for (const auto &problem : apply_env_overrides(config, options_.getenv))
         log(LogLevel::warn, "flags: " + problem);
   config.normalize();
   const FlagsConfig *previous = current_.load(std::memory_order_relaxed);
   if (previous && previous->rollback_latched && !config.rollback_latched) {
      latched_.store(false); // an operator cleared the latch in the file
      monitor_.clear();
      // The fleet rule judges only windows after the clear: a new streak is needed.
      fleet_floor_.store(wall_clock_ms() / std::max<std::uint64_t>(1, config.rollback.window_ms) +
                         1);
   }
   monitor_.set_policy(config.rollback, config.p95_threshold_ms());
   retained_.push_back(std::make_unique<const FlagsConfig>(std::move(config)));
   current_.store(retained_.back().get(), std::memory_order_release);
   generation_.fetch_add(1, std::memory_order_relaxed);
}

void FlagStore::mark_read_ok() {
   source_up_.store(true, std::memory_order_relaxed);
   source_last_update_ms_.store(wall_clock_ms(), std::memory_order_relaxed);
}

bool FlagStore::reload_locked() {
   if (options_.file.empty()) {
      mark_read_ok();
      return true;
   }
   std::string read_error;
   std::optional<std::string> text = read_flags_text(options_.file, read_error);
   if (!read_error.empty()) {
      if (read_error != last_error_)
         source_errors_.fetch_add(1, std::memory_order_relaxed);
      last_error_ = read_error;
      source_up_.store(false, std::memory_order_relaxed);
      return false;
   }
   if (have_text_state_ && text == last_text_)
      return last_error_.empty(); // unchanged since the last look
   have_text_state_ = true;
   last_text_ = text;
   ParseResult parsed = text ? parse_flags_json(*text) : ParseResult{FlagsConfig{}, ""};
   if (!parsed.config) {
      last_error_ = options_.file.string() + ": " + parsed.error;
      reload_errors_.fetch_add(1, std::memory_order_relaxed);
      source_errors_.fetch_add(1, std::memory_order_relaxed);
      log(LogLevel::error, "flags: keeping the last good flags: " + last_error_);
      return false;
   }
   last_error_.clear();
   reloads_.fetch_add(1, std::memory_order_relaxed);
   serving_ = text ? "source" : "defaults";
   mark_read_ok();
   publish_locked(std::move(*parsed.config));
   return true;
}

bool FlagStore::reload() noexcept {
   try {
      if (options_.source)
         return fetch_now();
      std::lock_guard lock(mu_);
      return reload_locked();
   } catch (...) {
      return false;
   }
}

void FlagStore::poll() noexcept {
   if (options_.source)
      return; // the source's thread pushes changes: nothing to look at on the request path
   const std::uint64_t now = now_();
   std::uint64_t due = next_check_.load(std::memory_order_relaxed);
   if (now < due)
      return;
   // One thread wins the check; the others go on with the current snapshot.
   if (!next_check_.compare_exchange_strong(due, now + options_.check_interval_ns))
      return;
   reload();
}

const FlagsConfig &FlagStore::current() const noexcept {
   return *current_.load(std::memory_order_acquire);
}

Decision FlagStore::evaluate(const EvalContext &context) noexcept {
   poll();
   return flags::evaluate(current(), latched_.load(std::memory_order_relaxed), context);
}

std::string FlagStore::last_error() const {
   std::lock_guard lock(mu_);
   return last_error_;
}

FileResult FlagStore::edit(const std::function<void(FlagsConfig &)> &change) noexcept {
   try {
      if (options_.source)
         return edit_source(change);
      std::lock_guard lock(mu_);
      if (!options_.file.empty()) {
         FileResult r = update_flags_file(options_.file, change);
         if (r.ok)
            reload_locked();
         return r;
      }
      FlagsConfig next = current();
      change(next);
      publish_locked(std::move(next));
      return {true, ""};
   } catch (const std::exception &e) {
      return {false, e.what()};
   }
}

FileResult FlagStore::set_kill_switch(bool engaged) noexcept {
   return edit([engaged](FlagsConfig &c) { c.kill_switch = engaged; });
}

void FlagStore::record_claude_result(bool ok, std::uint64_t latency_ns) noexcept {
   try {
      if (options_.source) {
         const FlagsConfig &flags = current();
         fleet_counts_.record(ok, latency_ns, wall_clock_ms(), flags.rollback.window_ms,
                              std::uint64_t{flags.p95_threshold_ms()} * 1'000'000ull);
         return;
      }
      if (auto trip = monitor_.record(ok, latency_ns, now_()))
         latch_rollback(trip->reason);
   } catch (...) {
      // the monitor only allocates a reason string; losing one sample is acceptable
   }
}

bool FlagStore::rollback_latched() const noexcept {
   return latched_.load(std::memory_order_relaxed) || current().rollback_latched;
}

void FlagStore::latch_rollback(const std::string &reason) noexcept {
   latched_.store(true); // effective on the next evaluate, before any file I/O
   rollbacks_.fetch_add(1, std::memory_order_relaxed);
   log(LogLevel::error, "flags: auto-rollback latched, Claude is off until an operator clears it "
                        "(pmat-host flags clear-rollback): " +
                            reason);
   if (!options_.persist_rollback)
      return;
   if (options_.source) {
      defer_latch(reason); // the source's thread writes it: a request never waits on Redis
      return;
   }
   if (options_.file.empty())
      return;
   const FileResult r = edit([&](FlagsConfig &c) {
      c.rollback_latched = true;
      c.rollback_reason = reason;
   });
   if (!r.ok)
      log(LogLevel::warn, "flags: rollback latched in memory only: " + r.error);
}

FileResult FlagStore::clear_rollback() noexcept {
   FileResult r = edit([](FlagsConfig &c) {
      c.rollback_latched = false;
      c.rollback_reason.clear();
   });
   if (r.ok) {
      latch_pending_.store(false);
      latched_.store(false);
      monitor_.clear();
      log(LogLevel::info, "flags: rollback cleared by an operator");
   }
   return r;
}

StoreCounters FlagStore::counters() const noexcept {
   return {generation_.load(std::memory_order_relaxed), reloads_.load(std::memory_order_relaxed),
           reload_errors_.load(std::memory_order_relaxed),
           rollbacks_.load(std::memory_order_relaxed)};
}

} // namespace pmat::flags
