// SPDX-License-Identifier: MIT
// A shared source of the flags document (Redis today), as FlagStore sees it: read it now, edit it
// atomically, and push every new version from the source's own thread. The request path never
// touches a source: it reads the store's published snapshot (docs/flags.md "Fleet source").
#pragma once

#include "config.hpp"
#include "fleet_window.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pmat::flags {

struct SourceDocument {
   bool present = false;       // false: the source answered but holds no document
   std::string text;           // the document, docs/flags.md schema
   std::uint64_t revision = 0; // the source's edit counter (0 when absent)
};

struct FetchResult {
   bool ok = false; // false: the source could not be read (`error` says why)
   SourceDocument document;
   std::string error;
};

struct UpdateResult {
   bool ok = false;
   bool changed = false;    // false: the edit left the document as it was (nothing written)
   SourceDocument document; // the document after the edit
   std::string error;
};

// Called by the source's thread: a document read from the source (on an announced change, on
// (re)connection, on the periodic re-read), or a failure to reach it.
struct SourceEvents {
   std::function<void(const SourceDocument &)> document;
   std::function<void(const std::string &error)> failure;
   // Called about every 100 ms while the source is reachable: deferred writes (a latch).
   std::function<void()> tick;
};

class DocumentSource {
 public:
   virtual ~DocumentSource() = default;

   // "redis://host:port/db" with any password redacted. [any-thread]
   virtual std::string location() const = 0;
   // Reads the document now, within the source's short timeouts. Never throws. [any-thread]
   virtual FetchResult fetch() noexcept = 0;
   // Atomic read-modify-write: `edit` is applied to the current document (the defaults when
   // there is none) and the result stored only if nobody changed the document meanwhile,
   // else it is retried on the newer one, so two operators never lose each other's change.
   // Fails, writing nothing, when the stored document is malformed. Never throws. [any-thread]
   virtual UpdateResult update(const std::function<void(FlagsConfig &)> &edit) noexcept = 0;
   // Starts the source's thread, which calls `events` until stop(). Called once.
   virtual void start(SourceEvents events) = 0;
   // Stops and joins the thread; no event is delivered after it returns. Idempotent.
   virtual void stop() noexcept = 0;

   // Fleet auto-rollback, called from SourceEvents::tick only (the source's thread, connected):
   // adds this host's counts to the fleet's (kept a few minutes), false when it could not.
   virtual bool add_windows(std::uint64_t window_ms, const std::vector<WindowCounts> &counts) = 0;
   // The fleet's sums for windows first .. first + count - 1 (absent ones are zeros), oldest first.
   virtual std::optional<std::vector<WindowCounts>>
   fleet_windows(std::uint64_t window_ms, std::uint64_t first, std::size_t count) = 0;

   // The fleet view: this host's heartbeat (a JSON object), kept for `ttl_ms` unless renewed.
   // From SourceEvents::tick only; false when it could not be written.
   virtual bool heartbeat(const std::string &host_id, const std::string &json,
                          std::uint64_t ttl_ms) = 0;
   // Every live heartbeat (JSON texts), or nullopt and `error` when the source cannot be read.
   // Never throws. [any-thread]
   virtual std::optional<std::vector<std::string>> heartbeats(std::string &error) noexcept = 0;
};

} // namespace pmat::flags
