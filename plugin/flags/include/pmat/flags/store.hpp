// SPDX-License-Identifier: MIT
// The live flags of one plugin generation: an immutable snapshot behind an atomic pointer (a
// request reads it with one acquire load, no lock, no thread-local state), refreshed from the
// flags file by a cheap check on the request path at most every check_interval (250 ms default),
// so a file change takes effect on the next request at most that long after the change. A
// malformed file keeps the last good flags and reports the error; nothing here ever fails a
// request. Also owns the auto-rollback monitor and its latch.
//
// Memory: each published snapshot is kept until the store is destroyed, so a reader can never
// see a freed one. Snapshots change only on edits (a few hundred bytes plus the allowlist each);
// a generation lives until the next hot reload.
#pragma once

#include "decision.hpp"
#include "env.hpp"
#include "flags_file.hpp"
#include "rollback_monitor.hpp"

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

using NowFn = std::function<std::uint64_t()>; // the host's monotonic now_ns

enum class LogLevel { Info, Warn, Error };
using LogFn = std::function<void(LogLevel, const std::string &)>;

struct StoreOptions {
   std::filesystem::path file; // empty: no file (API and environment only)
   GetEnvFn getenv;            // empty: no environment overrides
   std::uint64_t check_interval_ns = 250'000'000;
   LogFn log;                    // empty: silent
   bool persist_rollback = true; // write the latch into the file so restarts keep it
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
   // Re-reads the file now. True when the current flags came from a good file (or no file).
   bool reload() noexcept;
   // The last file problem ("" when the file is good).
   std::string last_error() const;

   // Host API: read-modify-write of the flags (the file when there is one, atomically), then
   // published at once.
   FileResult edit(const std::function<void(FlagsConfig &)> &change) noexcept;
   FileResult set_kill_switch(bool engaged) noexcept;

   // Auto-rollback feed: one call per Claude-path request.
   void record_claude_result(bool ok, std::uint64_t latency_ns) noexcept;
   bool rollback_latched() const noexcept;
   // Latches Claude off (monitor trip or operator), logs, counts, persists.
   void latch_rollback(const std::string &reason) noexcept;
   // Operator reset (`pmat-host flags clear-rollback`).
   FileResult clear_rollback() noexcept;

   StoreCounters counters() const noexcept;

 private:
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
};

} // namespace pmat::flags
