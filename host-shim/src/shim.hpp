// SPDX-License-Identifier: MIT
// The plugin manager behind the C API: serves one plugin's current generation, replaces it
// make-before-break when a new build arrives, and unloads replaced generations once drained.
#pragma once

#include "directory_watcher.hpp"
#include "generation.hpp"
#include "host_services.hpp"

#include <boost/json/object.hpp>

#include <poll.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pmat::shim {

struct ShimConfig {
   std::filesystem::path plugin_dir;
   std::filesystem::path staging_dir;
   std::string plugin_id; // empty = "dev.pmat.claude" if present, else the first valid file
   bool watch = false;
   std::chrono::milliseconds drain_timeout{30000};
   std::chrono::milliseconds debounce{150};
   HostServices::Settings host;
};

// One entry of the reload history shown by status() and the status page.
struct ReloadRecord {
   std::int64_t unix_ms = 0;
   std::string trigger; // "watch", "manual", "signal"
   std::string outcome; // "swapped", "refused", "unchanged", "ignored"
   std::string file;
   std::string from_version;
   std::string to_version;
   std::string reason;
   double duration_ms = 0;
   std::uint64_t generation = 0; // serving generation after the attempt
};

class Shim {
 public:
   // Loads the plugin to serve. Throws LoadRefused listing every candidate and its refusal.
   explicit Shim(ShimConfig config);
   ~Shim();
   Shim(const Shim &) = delete;
   Shim &operator=(const Shim &) = delete;

   // The generation new calls should use; holding the pointer pins it. [any-thread]
   std::shared_ptr<Generation> current() const {
      std::lock_guard lock(current_mutex_);
      return current_;
   }

   // Reloads the served plugin's file if its content changed. Returns the outcome record;
   // outcome "refused" means the old generation keeps serving. [any-thread]
   ReloadRecord reload(const std::string &trigger);

   // Async-signal-safe: asks the supervisor thread to reload.
   void request_reload() const;
   int reload_request_fd() const { return reload_fd_; }

   boost::json::object status() const;
   // The shim's own metric families in the Prometheus text format, or with `openmetrics` in
   // OpenMetrics' (counter families named without _total); no # EOF line either way.
   std::string prometheus_metrics(bool openmetrics) const;
   const HostServices &host() const { return host_; }

 private:
   struct Draining {
      std::shared_ptr<Generation> generation;
      std::chrono::steady_clock::time_point deadline;
      bool reported_stuck = false;
   };

   std::shared_ptr<Generation> load_initial();
   ReloadRecord reload_file(const std::filesystem::path &file, const std::string &trigger);
   ReloadRecord try_replace(const std::filesystem::path &file, ReloadRecord record);
   void record(const ReloadRecord &entry);
   void supervise();
   void wake_supervisor() const;
   void handle_ready(const struct pollfd (&fds)[3],
                     std::map<std::string, std::chrono::steady_clock::time_point> &due);
   void handle_watch_events(std::map<std::string, std::chrono::steady_clock::time_point> &due);
   void run_due_reloads(std::map<std::string, std::chrono::steady_clock::time_point> &due);
   void reap_drained();
   int
   poll_timeout_ms(const std::map<std::string, std::chrono::steady_clock::time_point> &due) const;

   ShimConfig config_;
   HostServices host_;
   // The serving generation. A plain mutex, not std::atomic<shared_ptr>: libstdc++ 12's atomic
   // shared_ptr hides its lock from ThreadSanitizer, and the uncontended lock costs ~20 ns.
   mutable std::mutex current_mutex_;
   std::shared_ptr<Generation> current_;
   void set_current(std::shared_ptr<Generation> next);
   std::uint64_t next_generation_ = 1; // guarded by load_mutex_

   // Serialises dlopen/dlclose and swaps: loader operations are not reentrant everywhere.
   mutable std::mutex load_mutex_;
   mutable std::mutex state_mutex_; // guards draining_, history_ and the counters below
   std::vector<Draining> draining_;
   std::deque<ReloadRecord> history_;
   std::map<std::string, std::uint64_t> reloads_by_outcome_;
   std::uint64_t drain_timeouts_ = 0;
   std::uint64_t unloaded_ = 0;

   std::unique_ptr<DirectoryWatcher> watcher_;
   int wake_fd_ = -1;   // eventfd: re-evaluate (stop, new draining generation)
   int reload_fd_ = -1; // eventfd: reload requests (signal handlers write here)
   std::atomic<bool> stopping_{false};
   std::thread supervisor_;
};

} // namespace pmat::shim
