// SPDX-License-Identifier: MIT
// The live flags of one plugin generation: an immutable snapshot behind an atomic pointer (a
// request reads it with one acquire load, no lock, no thread-local state), refreshed either from
// the flags file by a cheap check on the request path at most every check_interval (250 ms
// default), or, with a shared source (Redis), by the source's own thread as soon as a change is
// announced. A malformed document keeps the last good flags and reports the error; an
// unreachable or empty source keeps the last known document (kept on disk across restarts);
// nothing here ever fails or delays a request. Also owns the auto-rollback monitor and its latch.
//
// Memory: each published snapshot is kept until the store is destroyed, so a reader can never
// see a freed one. Snapshots change only on edits (a few hundred bytes plus the allowlist each);
// a generation lives until the next hot reload.
#pragma once

#include "decision.hpp"
#include "env.hpp"
#include "flags_file.hpp"
#include "rollback_monitor.hpp"
#include "source.hpp"

#include <pmat/common/clock.hpp>
#include <pmat/common/log_level.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace pmat::flags {

using pmat::common::LogLevel;
using pmat::common::NowFn; // here: the host's monotonic now_ns
using LogFn = std::function<void(LogLevel, const std::string &)>;

// Who this host is, for its heartbeat in the fleet view (shared sources only).
struct HostIdentity {
   std::string id;                      // unique in the fleet, e.g. "ci-runner-7:4242"
   std::string host_version;            // pmat-host's version
   std::string plugin_version;          // the serving plugin build's version
   std::uint64_t plugin_generation = 0; // the host's number for this loaded plugin (0: unknown)
};

struct StoreOptions {
   std::filesystem::path file; // empty: no file (API and environment only)
   GetEnvFn getenv;            // empty: no environment overrides
   std::uint64_t check_interval_ns = 250'000'000;
   LogFn log;                    // empty: silent
   bool persist_rollback = true; // write the latch into the file so restarts keep it
   // A shared source: when set, `file` is ignored; the store starts the source's thread and
   // stops it on destruction. The store's edits go to the source.
   std::shared_ptr<DocumentSource> source;
   // Where the last document seen from `source` is kept (last_known.hpp); empty: not kept.
   std::filesystem::path last_known_file;
   HostIdentity host; // heartbeat identity (shared sources)
};

// Where the flags come from and whether that place answers: for `pmat-host flags show`, the
// status page, `pmat-host doctor` and the pmat_flags_source_* metrics.
struct SourceHealth {
   std::string kind;     // "file", "redis", or "none" (no file path and no source)
   std::string location; // "file:/path" or "redis://host:port/db", password redacted
   bool up = false;      // the last read of the source succeeded (a missing file counts)
   std::uint64_t last_update_unix_ms = 0; // last successful read (0: never)
   std::uint64_t errors = 0;              // failed reads and refused (malformed) versions
   std::string last_error;                // "" when the last read was good
   std::uint64_t revision = 0; // revision of the applied document (shared sources; 0 for a file)
   // What the live flags are: "source" (read from it), "last-known" (the document kept on disk:
   // the source has not answered yet or is away), "defaults" (no file), "none" (a shared
   // source never seen by this host: the kill switch is engaged until it is read).
   std::string serving;
   bool document_missing = false; // the source answered but has no document: keeping the last
};

struct StoreCounters {
   std::uint64_t generation = 0;    // snapshots published
   std::uint64_t reloads = 0;       // successful loads of a changed file
   std::uint64_t reload_errors = 0; // malformed or unreadable file versions
   std::uint64_t rollbacks = 0;     // auto-rollback trips
};

class FlagStore {
 public:
   // Loads the file (or defaults) at once; never throws for file problems.
   FlagStore(StoreOptions options, NowFn now);
   ~FlagStore();
   FlagStore(const FlagStore &) = delete;
   FlagStore &operator=(const FlagStore &) = delete;

   // The per-request call: poll() then evaluate the current snapshot. Never throws.
   Decision evaluate(const EvalContext &context) noexcept;
   // Valid for the store's lifetime.
   const FlagsConfig &current() const noexcept;

   // Re-reads the file if check_interval has passed since the last check.
   void poll() noexcept;
   // Re-reads the file (or fetches from the source, within its short timeouts) now. True when
   // the current flags came from a good document (or no file). Never on the request path.
   bool reload() noexcept;
   // The last file problem ("" when the file is good).
   std::string last_error() const;

   // Host API: read-modify-write of the flags (the file when there is one, atomically), then
   // published at once.
   FileResult edit(const std::function<void(FlagsConfig &)> &change) noexcept;
   FileResult set_kill_switch(bool engaged) noexcept;

   // Auto-rollback feed: one call per Claude-path request. With a shared source the counts go to
   // the fleet's windows (docs/flags.md "Fleet auto-rollback") instead of the local monitor.
   void record_claude_result(bool ok, std::uint64_t latency_ns) noexcept;
   bool rollback_latched() const noexcept;
   // Latches Claude off (monitor trip or operator), logs, counts, persists.
   void latch_rollback(const std::string &reason) noexcept;
   // Operator reset (`pmat-host flags clear-rollback`).
   FileResult clear_rollback() noexcept;

   StoreCounters counters() const noexcept;
   // [any-thread]
   SourceHealth source_health() const;
   // The fleet's live heartbeats (JSON texts, docs/flags.md "Fleet view"); nullopt and `error`
   // without a shared source or when it cannot be read. Reads the source: not on the request path.
   std::optional<std::vector<std::string>> fleet(std::string &error) const;
   // Lock-free reads for metrics gauges. [any-thread]
   bool source_up() const noexcept { return source_up_.load(std::memory_order_relaxed); }
   std::uint64_t source_last_update_unix_ms() const noexcept {
      return source_last_update_ms_.load(std::memory_order_relaxed);
   }
   std::uint64_t source_errors() const noexcept {
      return source_errors_.load(std::memory_order_relaxed);
   }
   std::uint64_t source_revision() const noexcept {
      return revision_seen_.load(std::memory_order_relaxed);
   }

 private:
   void start_source();
   void accept_document(const SourceDocument &document) noexcept;
   void accept_present_locked(const SourceDocument &document);
   void source_failed(const std::string &error) noexcept;
   void source_tick() noexcept;
   void defer_latch(const std::string &reason);
   void write_pending_latch();
   void fleet_tick();
   void judge_fleet(const FlagsConfig &flags, std::uint64_t last_closed);
   void latch_fleet(const std::string &reason);
   void send_heartbeat();
   void note_window(const std::vector<WindowCounts> &counts);
   bool fetch_now();
   FileResult edit_source(const std::function<void(FlagsConfig &)> &change);
   void mark_read_ok();
   void publish_locked(FlagsConfig config);
   void log(LogLevel level, const std::string &message) const noexcept;
   bool reload_locked();

   StoreOptions options_;
   NowFn now_;
   std::atomic<const FlagsConfig *> current_{nullptr};
   std::atomic<std::uint64_t> next_check_{0};
   std::atomic<bool> latched_{false};
   std::atomic<std::uint64_t> generation_{0}, reloads_{0}, reload_errors_{0}, rollbacks_{0};
   RollbackMonitor monitor_;

   mutable std::mutex mu_; // reloads, edits, retained_, last_text_, last_error_
   std::vector<std::unique_ptr<const FlagsConfig>> retained_;
   std::optional<std::string> last_text_;
   bool have_text_state_ = false;
   std::string last_error_;
   std::atomic<bool> source_up_{false};
   std::atomic<std::uint64_t> source_last_update_ms_{0}, source_errors_{0};
   std::uint64_t revision_ = 0;                  // under mu_
   std::atomic<std::uint64_t> revision_seen_{0}; // revision_, for lock-free gauges
   std::string serving_ = "defaults";            // under mu_
   bool document_missing_ = false;               // under mu_
   bool unreachable_error_ = false;              // last_error_ is the source's outage (under mu_)
   std::atomic<bool> latch_pending_{false};      // a latch not yet written to the shared source
   std::string pending_reason_;                  // under mu_
   FleetWindows fleet_counts_;                   // this host's counts not yet in the shared source
   std::atomic<std::uint64_t> fleet_floor_{0};   // first window index the fleet rule may judge
   std::uint64_t fleet_judged_ = 0;              // last window judged (source thread only)
   // This host's latest window with traffic and when it last heartbeat (source thread only).
   WindowCounts own_window_;
   std::uint64_t next_heartbeat_ms_ = 0;
};

} // namespace pmat::flags
