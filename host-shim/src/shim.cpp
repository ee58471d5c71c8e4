// SPDX-License-Identifier: MIT
#include "shim.hpp"

#include "plugin_directory.hpp"
#include "staging.hpp"

#include <pmat/common/prometheus_text.hpp>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>

namespace pmat::shim {
namespace {

constexpr std::size_t k_history_limit = 64;
constexpr const char *k_preferred_plugin_id = "dev.pmat.claude";

std::int64_t unix_ms_now() {
   return std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
       .count();
}

std::string file_sha256(const std::filesystem::path &file) {
   try {
      return staged_sha256(file);
   } catch (const std::exception &) {
      return {}; // unreadable: never equal to a loaded generation's hash
   }
}

int make_eventfd() {
   const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
   if (fd < 0)
      throw std::system_error(errno, std::generic_category(), "eventfd");
   return fd;
}

bool drain_eventfd(int fd) {
   std::uint64_t value = 0;
   return ::read(fd, &value, sizeof value) == static_cast<ssize_t>(sizeof value) && value > 0;
}

struct Candidate {
   std::filesystem::path file;
   std::unique_ptr<StagedPlugin> staged; // kept, so the chosen file is staged and mapped once
};

// Picks the file to serve: the requested id, else the preferred default id, else the first.
Candidate *choose(std::vector<Candidate> &valid, const std::string &wanted_id) {
   const std::string id = wanted_id.empty() ? k_preferred_plugin_id : wanted_id;
   for (auto &candidate : valid)
      if (candidate.staged->identity().plugin_id == id)
         return &candidate;
   if (!wanted_id.empty() || valid.empty())
      return nullptr;
   return &valid.front();
}

} // namespace

Shim::Shim(ShimConfig config) : config_(std::move(config)), host_(config_.host) {
   prepare_staging_dir(config_.staging_dir);
   set_current(load_initial());
   wake_fd_ = make_eventfd();
   reload_fd_ = make_eventfd();
   if (config_.watch)
      watcher_ = std::make_unique<DirectoryWatcher>(config_.plugin_dir);
   supervisor_ = std::thread([this] { supervise(); });
}

void Shim::wake_supervisor() const {
   const std::uint64_t one = 1;
   [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

Shim::~Shim() {
   stopping_.store(true);
   wake_supervisor();
   if (supervisor_.joinable())
      supervisor_.join();
   std::lock_guard load_lock(load_mutex_);
   for (;;) { // callers must have finished (pmat_shim_close contract); wait out stragglers
      std::unique_lock lock(state_mutex_);
      std::erase_if(draining_, [](const Draining &d) { return d.generation.use_count() == 1; });
      if (draining_.empty())
         break;
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
   }
   set_current(nullptr);
   ::close(wake_fd_);
   ::close(reload_fd_);
}

void Shim::set_current(std::shared_ptr<Generation> next) {
   std::unique_lock lock(current_mutex_);
   std::swap(current_, next);
   lock.unlock(); // `next` now holds the previous generation: release it outside the lock
}

std::shared_ptr<Generation> Shim::load_initial() {
   const auto files = list_plugin_files(config_.plugin_dir);
   std::ostringstream refusals;
   std::vector<Candidate> valid;
   for (const auto &file : files) {
      try {
         valid.push_back({file, StagedPlugin::open(file, config_.staging_dir)});
      } catch (const LoadRefused &e) {
         refusals << "\n  " << file.filename().string() << ": " << e.what();
      }
   }
   Candidate *chosen = choose(valid, config_.plugin_id);
   if (!chosen) {
      std::string what = files.empty() ? "no plugin files (*.so) in " : "no usable plugin in ";
      what += config_.plugin_dir.string();
      if (!config_.plugin_id.empty())
         what += " with id " + config_.plugin_id;
      throw LoadRefused(what + refusals.str());
   }
   std::lock_guard lock(load_mutex_);
   auto generation =
       Generation::load(std::move(chosen->staged), host_, next_generation_++, nullptr);
   host_.log(PMAT_LOG_INFO, "serving " + generation->info().identity.plugin_id + " " +
                                generation->info().identity.version + " from " +
                                chosen->file.string());
   return generation;
}

ReloadRecord Shim::reload(const std::string &trigger) {
   std::filesystem::path file = current()->info().source;
   std::error_code ec;
   if (!std::filesystem::exists(file, ec)) {
      // The served file was removed: look for another build of the same plugin.
      const std::string id = current()->info().identity.plugin_id;
      for (const auto &candidate : list_plugin_files(config_.plugin_dir)) {
         try {
            if (StagedPlugin::open(candidate, config_.staging_dir)->identity().plugin_id == id) {
               file = candidate;
               break;
            }
         } catch (const LoadRefused &) {
            continue;
         }
      }
   }
   return reload_file(file, trigger);
}

ReloadRecord Shim::reload_file(const std::filesystem::path &file, const std::string &trigger) {
   const auto started = std::chrono::steady_clock::now();
   ReloadRecord entry;
   entry.unix_ms = unix_ms_now();
   entry.trigger = trigger;
   entry.file = file.string();
   {
      std::lock_guard lock(load_mutex_);
      entry = try_replace(file, std::move(entry));
      entry.generation = current()->info().number;
   }
   entry.duration_ms =
       std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
           .count();
   record(entry);
   return entry;
}

ReloadRecord Shim::try_replace(const std::filesystem::path &file, ReloadRecord entry) {
   const std::shared_ptr<Generation> old = current();
   entry.from_version = old->info().identity.version;
   if (file_sha256(file) == old->sha256()) {
      entry.outcome = "unchanged";
      return entry;
   }
   try {
      auto staged = StagedPlugin::open(file, config_.staging_dir);
      if (file.filename() != old->info().source.filename() &&
          staged->identity().plugin_id != old->info().identity.plugin_id) {
         entry.outcome = "ignored";
         entry.reason = "a different plugin id than the served " + old->info().identity.plugin_id;
         return entry;
      }
      auto next = Generation::load(std::move(staged), host_, next_generation_++, old.get());
      entry.to_version = next->info().identity.version;
      set_current(next);
      std::lock_guard lock(state_mutex_);
      draining_.push_back({old, std::chrono::steady_clock::now() + config_.drain_timeout, false});
      wake_supervisor(); // it may be sleeping without a timeout; draining needs polling
      entry.outcome = "swapped";
   } catch (const LoadRefused &e) {
      entry.outcome = "refused";
      entry.reason = e.what();
   }
   return entry;
}

void Shim::record(const ReloadRecord &entry) {
   const pmat_log_level level = entry.outcome == "refused" ? PMAT_LOG_ERROR : PMAT_LOG_INFO;
   std::string message = "reload (" + entry.trigger + ") of " + entry.file + ": " + entry.outcome;
   if (!entry.to_version.empty())
      message += " " + entry.from_version + " -> " + entry.to_version;
   if (!entry.reason.empty())
      message += ": " + entry.reason;
   host_.log(level, message);
   std::lock_guard lock(state_mutex_);
   ++reloads_by_outcome_[entry.outcome];
   history_.push_back(entry);
   if (history_.size() > k_history_limit)
      history_.pop_front();
}

void Shim::request_reload() const {
   const std::uint64_t one = 1;
   [[maybe_unused]] const auto written = ::write(reload_fd_, &one, sizeof one);
}

int Shim::poll_timeout_ms(
    const std::map<std::string, std::chrono::steady_clock::time_point> &due) const {
   int timeout = -1;
   {
      std::lock_guard lock(state_mutex_);
      if (!draining_.empty())
         timeout = 5; // poll use counts; draining lasts only as long as the slowest call
   }
   const auto now = std::chrono::steady_clock::now();
   for (const auto &[name, when] : due) {
      const auto wait =
          std::chrono::duration_cast<std::chrono::milliseconds>(when - now).count() + 1;
      const int bounded = static_cast<int>(wait < 1 ? 1 : wait);
      timeout = timeout < 0 ? bounded : std::min(timeout, bounded);
   }
   return timeout;
}

void Shim::supervise() {
   std::map<std::string, std::chrono::steady_clock::time_point> due; // debounced file events
   while (!stopping_.load()) {
      pollfd fds[3] = {{wake_fd_, POLLIN, 0}, {reload_fd_, POLLIN, 0}, {-1, POLLIN, 0}};
      if (watcher_)
         fds[2].fd = watcher_->fd();
      if (::poll(fds, 3, poll_timeout_ms(due)) > 0 && !stopping_.load())
         handle_ready(fds, due);
      run_due_reloads(due);
      reap_drained();
   }
}

void Shim::handle_ready(const pollfd (&fds)[3],
                        std::map<std::string, std::chrono::steady_clock::time_point> &due) {
   if (fds[0].revents & POLLIN)
      drain_eventfd(wake_fd_);
   if ((fds[1].revents & POLLIN) && drain_eventfd(reload_fd_))
      reload("signal");
   if (fds[2].revents & POLLIN)
      handle_watch_events(due);
}

void Shim::handle_watch_events(std::map<std::string, std::chrono::steady_clock::time_point> &due) {
   const auto when = std::chrono::steady_clock::now() + config_.debounce;
   for (const auto &name : watcher_->read_changed_names())
      due[name] = when; // a burst of events for one file becomes one reload
}

void Shim::run_due_reloads(std::map<std::string, std::chrono::steady_clock::time_point> &due) {
   const auto now = std::chrono::steady_clock::now();
   for (auto it = due.begin(); it != due.end();) {
      if (it->second > now) {
         ++it;
         continue;
      }
      const std::filesystem::path file = config_.plugin_dir / it->first;
      it = due.erase(it);
      std::error_code ec;
      if (std::filesystem::is_regular_file(file, ec))
         reload_file(file, "watch");
   }
}

void Shim::reap_drained() {
   std::vector<std::shared_ptr<Generation>> finished;
   {
      std::lock_guard lock(state_mutex_);
      const auto now = std::chrono::steady_clock::now();
      for (auto it = draining_.begin(); it != draining_.end();) {
         if (it->generation.use_count() == 1) {
            finished.push_back(std::move(it->generation));
            it = draining_.erase(it);
            continue;
         }
         if (now > it->deadline && !it->reported_stuck) {
            it->reported_stuck = true;
            ++drain_timeouts_;
            host_.log(PMAT_LOG_WARN,
                      "generation " + std::to_string(it->generation->info().number) +
                          " still has calls in flight after the drain timeout; it stays mapped "
                          "until they finish");
         }
         ++it;
      }
      unloaded_ += finished.size();
   }
   std::lock_guard load_lock(load_mutex_);
   finished.clear(); // deinit + dlclose, serialised with loads
}

namespace {

const boost::json::value &field_or(const boost::json::object &object, const char *key,
                                   const boost::json::value &fallback) {
   const auto *value = object.if_contains(key);
   return value ? *value : fallback;
}

// The plugin's own view (flags, kill switch, auto-rollback, cache, pool) when it has
// pmat.control/1, at the top level where the status page and operators look for it.
void add_plugin_state(const Generation &generation, boost::json::object &out) {
   pmat_status status = PMAT_STATUS_OK;
   const auto answer = generation.control_command(R"({"command":"status"})", status);
   boost::system::error_code ec;
   const auto parsed = answer ? boost::json::parse(*answer, ec) : boost::json::value();
   if (!answer || ec || !parsed.is_object())
      return;
   for (const auto &[key, value] : parsed.get_object())
      out[key] = value;
   const auto *flags = parsed.get_object().if_contains("flags");
   if (!flags || !flags->is_object())
      return;
   const boost::json::value no = false, zero = 0;
   out["kill_switch"] = field_or(flags->get_object(), "kill_switch", no);
   out["auto_rollback"] = {{"latched", field_or(flags->get_object(), "rollback_latched", no)},
                           {"rollbacks", field_or(flags->get_object(), "rollbacks", zero)}};
}

} // namespace

boost::json::object Shim::status() const {
   const auto generation = current();
   const auto &info = generation->info();
   boost::json::object out;
   out["plugin_dir"] = config_.plugin_dir.string();
   out["watching"] = watcher_ != nullptr;
   add_plugin_state(*generation, out);
   out["generation"] = {{"number", info.number},
                        {"plugin_id", info.identity.plugin_id},
                        {"name", info.identity.name},
                        {"version", info.identity.version},
                        {"abi", std::to_string(info.identity.abi.major) + "." +
                                    std::to_string(info.identity.abi.minor) + "." +
                                    std::to_string(info.identity.abi.patch)},
                        {"file", info.source.string()},
                        {"staged", info.staged.string()},
                        {"sha256", generation->sha256()},
                        // Calls holding this generation now: the shim's own reference and
                        // this function's copy are not calls.
                        {"in_flight", generation.use_count() - 2}};
   std::lock_guard lock(state_mutex_);
   boost::json::array draining;
   for (const auto &d : draining_)
      draining.push_back({{"number", d.generation->info().number},
                          {"version", d.generation->info().identity.version},
                          {"in_flight", d.generation.use_count() - 1},
                          {"stuck", d.reported_stuck}});
   out["draining"] = std::move(draining);
   boost::json::array history;
   for (const auto &r : history_)
      history.push_back({{"unix_ms", r.unix_ms},
                         {"trigger", r.trigger},
                         {"outcome", r.outcome},
                         {"file", r.file},
                         {"from_version", r.from_version},
                         {"to_version", r.to_version},
                         {"reason", r.reason},
                         {"duration_ms", r.duration_ms},
                         {"generation", r.generation}});
   out["reloads"] = std::move(history);
   return out;
}

std::string Shim::prometheus_metrics(bool openmetrics) const {
   namespace prometheus = pmat::common::prometheus;
   std::ostringstream out;
   prometheus::write_gauge(out, "pmat_host_plugin_generation",
                           "Number of the plugin generation now serving.", current()->info().number,
                           openmetrics);
   std::lock_guard lock(state_mutex_);
   prometheus::write_family(out, "pmat_host_plugin_reloads_total", "counter",
                            "Reload attempts by outcome.", openmetrics);
   for (const char *outcome : {"swapped", "refused", "unchanged", "ignored"}) {
      const auto it = reloads_by_outcome_.find(outcome);
      prometheus::write_sample(out, "pmat_host_plugin_reloads_total", {{"outcome", outcome}},
                               it == reloads_by_outcome_.end() ? 0 : it->second);
   }
   prometheus::write_gauge(out, "pmat_host_plugin_draining_generations",
                           "Replaced generations still finishing calls.", draining_.size(),
                           openmetrics);
   prometheus::write_family(out, "pmat_host_plugin_drain_timeouts_total", "counter",
                            "Generations that outlived the drain timeout.", openmetrics);
   prometheus::write_sample(out, "pmat_host_plugin_drain_timeouts_total", drain_timeouts_);
   prometheus::write_family(out, "pmat_host_plugin_unloads_total", "counter",
                            "Generations deinitialised and unmapped.", openmetrics);
   prometheus::write_sample(out, "pmat_host_plugin_unloads_total", unloaded_);
   return out.str();
}

} // namespace pmat::shim
