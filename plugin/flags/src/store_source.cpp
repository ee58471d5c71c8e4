// SPDX-License-Identifier: MIT
// FlagStore with a shared source (Redis): documents arrive on the source's thread; the last one
// seen is kept on disk for restarts while the source is away; a latch reached on the request
// path is written to the shared document by the source's thread, never by the request.
#include <pmat/flags/last_known.hpp>
#include <pmat/flags/parse.hpp>
#include <pmat/flags/store.hpp>

#include "wall_clock.hpp"

namespace pmat::flags {
namespace {

FlagsConfig claude_off() {
   FlagsConfig config;
   config.kill_switch = true;
   return config;
}

} // namespace

void FlagStore::start_source() {
   {
      std::lock_guard lock(mu_);
      std::string error;
      const auto known = options_.last_known_file.empty()
                             ? std::nullopt
                             : load_last_known(options_.last_known_file, error);
      const auto parsed = known && known->location == options_.source->location()
                              ? parse_flags_json(known->document.text)
                              : ParseResult{};
      if (parsed.config) {
         publish_locked(*parsed.config);
         revision_ = known->document.revision;
         revision_seen_.store(revision_, std::memory_order_relaxed);
         last_text_ = known->document.text;
         serving_ = "last-known";
      } else {
         publish_locked(claude_off());
         serving_ = "none";
         log(LogLevel::warn, "flags: no document seen yet from " + options_.source->location() +
                                 ": Claude is off until it is read");
      }
   }
   options_.source->start({[this](const SourceDocument &d) { accept_document(d); },
                           [this](const std::string &e) { source_failed(e); },
                           [this] { source_tick(); }});
}

void FlagStore::accept_present_locked(const SourceDocument &document) {
   if (last_text_ == document.text && serving_ == "source") {
      revision_ = document.revision;
      revision_seen_.store(revision_, std::memory_order_relaxed);
      return;
   }
   ParseResult parsed = parse_flags_json(document.text);
   if (!parsed.config) {
      const std::string error = options_.source->location() + ": " + parsed.error;
      if (error != last_error_) {
         reload_errors_.fetch_add(1, std::memory_order_relaxed);
         source_errors_.fetch_add(1, std::memory_order_relaxed);
         log(LogLevel::error, "flags: keeping the last good flags: " + error);
      }
      last_error_ = error;
      return;
   }
   last_error_.clear();
   last_text_ = document.text;
   revision_ = document.revision;
   revision_seen_.store(revision_, std::memory_order_relaxed);
   serving_ = "source";
   reloads_.fetch_add(1, std::memory_order_relaxed);
   publish_locked(std::move(*parsed.config));
   if (options_.last_known_file.empty())
      return;
   std::string error;
   if (!save_last_known(options_.last_known_file,
                        {options_.source->location(), document, wall_clock_ms()}, error))
      log(LogLevel::warn, "flags: cannot keep the last known document: " + error);
}

void FlagStore::accept_document(const SourceDocument &document) noexcept {
   try {
      std::lock_guard lock(mu_);
      mark_read_ok();
      if (unreachable_error_) // the source answers again: its outage is no longer the news
         last_error_.clear();
      unreachable_error_ = false;
      if (!document.present && !document_missing_)
         log(LogLevel::error, "flags: " + options_.source->location() +
                                  " has no flags document; keeping the last one (" + serving_ +
                                  ", revision " + std::to_string(revision_) + ")");
      document_missing_ = !document.present;
      if (document.present)
         accept_present_locked(document);
   } catch (...) {
      // out of memory while parsing: the current snapshot stays; the next read tries again
   }
}

void FlagStore::source_failed(const std::string &error) noexcept {
   try {
      const bool was_up = source_up_.exchange(false, std::memory_order_relaxed);
      source_errors_.fetch_add(1, std::memory_order_relaxed);
      std::lock_guard lock(mu_);
      if (was_up || error != last_error_)
         log(LogLevel::warn, "flags: " + options_.source->location() + " unreachable (" + error +
                                 "); keeping the flags in force (" + serving_ + ")");
      last_error_ = error;
      unreachable_error_ = true;
   } catch (...) {
      // logging failed: the counters above already tell the story
   }
}

void FlagStore::defer_latch(const std::string &reason) {
   std::lock_guard lock(mu_);
   pending_reason_ = reason;
   latch_pending_.store(true);
}

// On the source's thread, about every 100 ms while connected.
void FlagStore::source_tick() noexcept {
   try {
      write_pending_latch();
      fleet_tick();
   } catch (...) {
      // out of memory: the next tick tries again
   }
}

// Writes a latch reached on the request path into the shared document.
void FlagStore::write_pending_latch() {
   if (!latch_pending_.load())
      return;
   std::string reason;
   {
      std::lock_guard lock(mu_);
      reason = pending_reason_;
   }
   const FileResult r = edit([&](FlagsConfig &c) {
      if (c.rollback_latched)
         return; // another host latched first: keep its reason
      c.rollback_latched = true;
      c.rollback_reason = reason;
   });
   if (r.ok)
      latch_pending_.store(false);
}

bool FlagStore::fetch_now() {
   const FetchResult fetched = options_.source->fetch();
   if (!fetched.ok) {
      source_failed(fetched.error);
      return false;
   }
   accept_document(fetched.document);
   std::lock_guard lock(mu_);
   return last_error_.empty() && fetched.document.present;
}

FileResult FlagStore::edit_source(const std::function<void(FlagsConfig &)> &change) {
   const UpdateResult updated = options_.source->update(change);
   if (!updated.ok)
      return {false, updated.error};
   accept_document(updated.document);
   return {true, ""};
}

SourceHealth FlagStore::source_health() const {
   std::lock_guard lock(mu_);
   SourceHealth health;
   health.kind = options_.source ? "redis" : options_.file.empty() ? "none" : "file";
   health.location = options_.source
                         ? options_.source->location()
                         : (options_.file.empty() ? "" : "file:" + options_.file.string());
   health.up = source_up();
   health.last_update_unix_ms = source_last_update_unix_ms();
   health.errors = source_errors();
   health.last_error = last_error_;
   health.revision = revision_;
   health.serving = serving_;
   health.document_missing = document_missing_;
   return health;
}

} // namespace pmat::flags
