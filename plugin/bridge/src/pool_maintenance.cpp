// SPDX-License-Identifier: MIT
// The pool's maintenance thread: stops dead and drained workers, keeps min_workers running,
// starts workers on demand, backs off after failures, and retires workers above the RSS ceiling.
#include <pmat/bridge/pool.hpp>

#include <algorithm>
#include <cmath>

#include "pool_slot.hpp"

namespace pmat::bridge {

namespace {
constexpr std::uint64_t k_idle_wake_ns = 1'000 * k_ns_per_ms;
constexpr std::uint32_t k_crash_loop_alarm = 5;

using SerialWorker = std::pair<std::uint64_t, std::shared_ptr<Worker>>;
using SerialRss = std::pair<std::uint64_t, std::uint64_t>;

// The workers whose resident set is above `limit_bytes`, with that size. Reads /proc, so it runs
// without the pool lock.
std::vector<SerialRss> above_rss_limit(const std::vector<SerialWorker> &live,
                                       std::uint64_t limit_bytes) {
   std::vector<SerialRss> over;
   for (const auto &[serial, worker] : live)
      if (const auto rss = worker->rss_bytes(); rss && *rss > limit_bytes)
         over.emplace_back(serial, *rss);
   return over;
}
} // namespace

void WorkerPool::maintenance_loop() noexcept {
   std::unique_lock lock(mutex_);
   while (!shutting_down_) {
      auto finished = collect_finished_locked();
      if (!finished.empty()) {
         lock.unlock();
         stop_all(finished);
         lock.lock();
         continue;
      }
      if (promote_recycles_locked())
         continue;
      const std::uint64_t now = clock_->now_ns();
      if (spawn_due_locked(now)) {
         spawn_one(lock);
         continue;
      }
      if (config_.max_rss_mb != 0 && now >= next_rss_check_ns_) {
         check_rss(lock);
         continue;
      }
      const std::uint64_t wake = next_wake_ns_locked(now);
      maint_cv_.wait_for(lock, std::chrono::nanoseconds(wake > now ? wake - now : 0));
   }
   // Stopped from here, the thread that spawned them: a sandbox launcher dies with its spawning
   // thread (PR_SET_PDEATHSIG), and one killed that way cannot remove the worker's directory
   // and cgroup. Once this thread is gone the workers get a graceful stop no more.
   std::vector<std::shared_ptr<Worker>> workers;
   for (auto &slot : slots_)
      workers.push_back(slot->worker);
   slots_.clear();
   lock.unlock();
   stop_all(workers);
}

std::vector<std::shared_ptr<Worker>> WorkerPool::collect_finished_locked() {
   std::vector<std::shared_ptr<Worker>> out;
   auto finished = [](const std::unique_ptr<Slot> &s) {
      return (s->dead || s->retiring) && s->in_flight == 0;
   };
   for (auto &slot : slots_) {
      if (!finished(slot))
         continue;
      counters_.recycled += slot->retiring ? 1 : 0;
      out.push_back(std::move(slot->worker));
   }
   slots_.erase(std::remove_if(slots_.begin(), slots_.end(), finished), slots_.end());
   return out;
}

// Workers that will stay: a recycle_due worker still serves, but its replacement is wanted.
std::uint32_t WorkerPool::capacity_locked() const {
   std::uint32_t live = spawning_;
   for (const auto &slot : slots_)
      live += slot->dead || slot->retiring || slot->recycle_due ? 0 : 1;
   return live;
}

// A worker due for recycling is retired only once another worker can take its traffic, so a
// recycle never leaves callers waiting for a start-up (the pool may briefly run one extra process).
bool WorkerPool::promote_recycles_locked() {
   const bool replacement_ready = std::any_of(slots_.begin(), slots_.end(), [&](const auto &s) {
      return !s->recycle_due && s->usable(config_.max_in_flight_per_worker);
   });
   bool changed = false;
   for (auto &slot : slots_) {
      if (!slot->recycle_due || slot->dead || (!replacement_ready && !shutting_down_))
         continue;
      slot->recycle_due = false;
      slot->retiring = true;
      changed = true;
      log(LogLevel::info, "recycling bridge worker pid " + std::to_string(slot->worker->pid()) +
                              " after " + std::to_string(slot->served) + " requests");
   }
   return changed;
}

bool WorkerPool::spawn_due_locked(std::uint64_t now) const {
   const std::uint32_t live = capacity_locked();
   if (live >= config_.pool_size || now < next_spawn_ns_)
      return false;
   if (live < config_.min_workers)
      return true;
   // Demand: callers are waiting and no worker has a free request slot.
   const bool any_free = std::any_of(slots_.begin(), slots_.end(), [&](const auto &s) {
      return s->usable(config_.max_in_flight_per_worker);
   });
   return waiters_ > 0 && !any_free && spawning_ == 0;
}

void WorkerPool::spawn_one(std::unique_lock<std::mutex> &lock) {
   const std::uint64_t serial = next_serial_++;
   ++spawning_;
   lock.unlock();
   auto worker = spawn_worker(serial);
   lock.lock();
   --spawning_;
   if (worker) {
      add_worker_locked(std::move(worker.value()), serial);
      return;
   }
   ++counters_.spawn_failures;
   ++consecutive_failures_;
   const std::uint64_t delay = backoff_ns_locked();
   next_spawn_ns_ = clock_->now_ns() + delay;
   const bool loop = consecutive_failures_ >= k_crash_loop_alarm;
   log(loop ? LogLevel::error : LogLevel::warn,
       std::string(loop ? "bridge crash loop: " : "") + "bridge worker failed to start (" +
           std::to_string(consecutive_failures_) + " failures in a row; next attempt in " +
           std::to_string(delay / k_ns_per_ms) + "ms): " + describe(worker.status()));
   capacity_cv_.notify_all();
}

// gRPC connection backoff: initial x multiplier^(n-1), capped, then +-jitter.
std::uint64_t WorkerPool::backoff_ns_locked() {
   const double n = std::max<std::uint32_t>(consecutive_failures_, 1) - 1;
   const double base = std::min(static_cast<double>(config_.respawn_initial_ms) *
                                    std::pow(config_.respawn_multiplier, n),
                                static_cast<double>(config_.respawn_max_ms));
   std::uniform_real_distribution<double> spread(-config_.respawn_jitter, config_.respawn_jitter);
   const double ms = std::max(0.0, base * (1.0 + spread(rng_)));
   return static_cast<std::uint64_t>(ms * static_cast<double>(k_ns_per_ms));
}

void WorkerPool::check_rss(std::unique_lock<std::mutex> &lock) {
   std::vector<SerialWorker> live;
   for (auto &slot : slots_)
      if (!slot->dead && !slot->retiring && !slot->recycle_due)
         live.emplace_back(slot->serial, slot->worker);
   next_rss_check_ns_ = clock_->now_ns() + config_.rss_check_interval_ms * k_ns_per_ms;
   lock.unlock();
   const auto over = above_rss_limit(live, config_.max_rss_mb * 1024 * 1024);
   lock.lock();
   for (auto &[serial, rss] : over) {
      if (Slot *slot = find_slot_locked(serial); slot != nullptr && !slot->retiring) {
         slot->recycle_due = true;
         log(LogLevel::info, "recycling bridge worker (rss " + std::to_string(rss >> 20) +
                                 " MiB above " + std::to_string(config_.max_rss_mb) + " MiB)");
      }
   }
   maint_cv_.notify_all();
}

std::uint64_t WorkerPool::next_wake_ns_locked(std::uint64_t now) const {
   std::uint64_t wake = now + k_idle_wake_ns;
   if (next_spawn_ns_ > now)
      wake = std::min(wake, next_spawn_ns_);
   if (config_.max_rss_mb != 0)
      wake = std::min(wake, std::max(next_rss_check_ns_, now));
   return wake;
}

} // namespace pmat::bridge
