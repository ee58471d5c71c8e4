// SPDX-License-Identifier: MIT
// WorkerPool: request path (acquire, call, release) and lifecycle. The maintenance thread, which
// spawns, respawns and retires workers, is in pool_maintenance.cpp.
#include <pmat/bridge/pool.hpp>

#include <algorithm>
#include <future>

#include "pool_slot.hpp"

namespace pmat::bridge {
namespace json = boost::json;

namespace {
constexpr std::uint64_t k_wait_slice_ns = 100 * k_ns_per_ms;
}

bool counts_as_breaker_failure(const Status &status) noexcept {
   // Application verdicts (4001-4003) and bad input are answers, not failures of the bridge.
   const bool bridge_family = status.code >= PMAT_STATUS_PIPE_BROKEN && status.code < 4000;
   return bridge_family && counts_as_fault(status.cause());
}

WorkerPool::WorkerPool(PoolConfig config, PoolHooks hooks)
    : config_(std::move(config)), hooks_(std::move(hooks)),
      clock_(hooks_.clock != nullptr ? hooks_.clock : &SteadyClock::instance()),
      breaker_(config_.breaker(), *clock_),
      rng_(config_.seed != 0 ? config_.seed : std::random_device{}()) {}

Result<std::unique_ptr<WorkerPool>> WorkerPool::start(const PoolConfig &config, PoolHooks hooks) {
   if (Status s = validate(config); !s.ok())
      return s;
   std::unique_ptr<WorkerPool> pool(new WorkerPool(config, std::move(hooks)));
   // Every worker, the first one too, is spawned by the maintenance thread. The sandbox launcher
   // dies with its parent through PR_SET_PDEATHSIG, and "parent" there means the spawning
   // *thread*: a worker started by the caller's thread would be killed when that thread ends
   // (a request thread, a reload thread), long before the pool does.
   auto first = std::make_shared<std::promise<Status>>();
   std::future<Status> first_started = first->get_future();
   pool->maintenance_ = std::thread([p = pool.get(), first] { p->maintenance_main(*first); });
   if (Status s = first_started.get(); !s.ok())
      return s; // the thread has ended; ~WorkerPool joins it
   return pool;
}

void WorkerPool::maintenance_main(std::promise<Status> &first_started) noexcept {
   const std::uint64_t serial = next_serial_++;
   auto first = spawn_worker(serial);
   if (!first) {
      first_started.set_value(first.status());
      return;
   }
   {
      std::lock_guard lock(mutex_);
      add_worker_locked(std::move(first.value()), serial);
      next_rss_check_ns_ = clock_->now_ns() + config_.rss_check_interval_ms * k_ns_per_ms;
   }
   first_started.set_value(Status{});
   maintenance_loop();
}

WorkerPool::~WorkerPool() {
   shutdown();
}

Result<std::shared_ptr<Worker>> WorkerPool::spawn_worker(std::uint64_t serial) {
   WorkerOptions options;
   options.node = config_.node;
   options.script = config_.bridge_path;
   // The bridge verifies --sandboxed against the kernel and refuses to start unconfined, so the
   // flag goes with the launcher, not with the setting that asked for one.
   options.args = config_.launcher.empty() ? std::vector<std::string>{}
                                           : std::vector<std::string>{"--sandboxed"};
   options.env = config_.env;
   options.launcher = config_.launcher;
   options.launcher_report = config_.launcher_report;
   options.init_timeout_ns = config_.init_timeout_ms * k_ns_per_ms;
   options.stop_grace_ns = config_.stop_grace_ms * k_ns_per_ms;
   WorkerHooks hooks;
   hooks.clock = clock_;
   hooks.log = hooks_.log;
   hooks.on_event = hooks_.on_event;
   hooks.on_launcher_report = hooks_.on_launcher_report;
   hooks.on_exit = [this, serial] { on_worker_exit(serial); };
   auto worker = Worker::start(options, std::move(hooks));
   if (!worker)
      return worker.status();
   return std::shared_ptr<Worker>(std::move(worker.value()));
}

void WorkerPool::add_worker_locked(std::shared_ptr<Worker> worker, std::uint64_t serial) {
   auto slot = std::make_unique<Slot>();
   slot->serial = serial;
   std::uniform_int_distribution<std::uint32_t> jitter(0, config_.recycle_jitter);
   slot->recycle_at =
       config_.recycle_after_requests == 0 ? 0 : config_.recycle_after_requests + jitter(rng_);
   // It may have died between its handshake and now; its on_exit found no slot to mark.
   slot->dead = !worker->alive();
   slot->worker = std::move(worker);
   slots_.push_back(std::move(slot));
   ++counters_.spawned;
   capacity_cv_.notify_all();
   maint_cv_.notify_all();
}

void WorkerPool::on_worker_exit(std::uint64_t serial) {
   std::lock_guard lock(mutex_);
   Slot *slot = find_slot_locked(serial);
   if (slot == nullptr || slot->dead)
      return;
   slot->dead = true;
   if (!slot->retiring && !shutting_down_) {
      ++counters_.crashes;
      ++consecutive_failures_;
      next_spawn_ns_ = clock_->now_ns() + backoff_ns_locked();
   }
   capacity_cv_.notify_all();
   maint_cv_.notify_all();
}

WorkerPool::Slot *WorkerPool::pick_locked() {
   Slot *best = nullptr;
   for (auto &slot : slots_) {
      if (!slot->usable(config_.max_in_flight_per_worker))
         continue;
      if (best == nullptr || slot->in_flight < best->in_flight)
         best = slot.get();
   }
   return best;
}

Result<WorkerPool::Lease> WorkerPool::acquire(std::uint64_t deadline_ns) {
   std::unique_lock lock(mutex_);
   ++waiters_;
   Result<Lease> out = make_error(PMAT_STATUS_POOL_EXHAUSTED, "Pool error: Pool exhausted");
   while (!shutting_down_) {
      if (Slot *slot = pick_locked()) {
         ++slot->in_flight;
         out = Lease{slot->worker, slot->serial};
         break;
      }
      // Only a caller that found no capacity wakes the maintenance thread (to start a worker):
      // waking it on every call costs a context switch per request.
      maint_cv_.notify_all();
      const std::uint64_t now = clock_->now_ns();
      if (now >= deadline_ns) {
         ++counters_.exhausted;
         out = make_error(PMAT_STATUS_POOL_EXHAUSTED,
                          "Pool error: Connection acquisition timeout (" +
                              std::to_string(config_.acquire_timeout_ms) + "ms, " +
                              std::to_string(slots_.size()) + " workers)");
         break;
      }
      capacity_cv_.wait_for(lock,
                            std::chrono::nanoseconds(std::min(deadline_ns - now, k_wait_slice_ns)));
   }
   --waiters_;
   return out;
}

void WorkerPool::release(const Lease &lease, int code) {
   std::lock_guard lock(mutex_);
   code == PMAT_STATUS_OK ? ++counters_.successes : ++counters_.failures;
   if (code == PMAT_STATUS_OK)
      consecutive_failures_ = 0; // gRPC backoff resets on success
   Slot *slot = find_slot_locked(lease.serial);
   if (slot == nullptr)
      return;
   --slot->in_flight;
   ++slot->served;
   const bool due = slot->recycle_at != 0 && slot->served >= slot->recycle_at;
   if (due && !slot->recycle_due && !slot->retiring) {
      slot->recycle_due = true; // the maintenance thread starts a replacement, then retires it
      maint_cv_.notify_all();
   }
   capacity_cv_.notify_one();
   if (slot->retiring || slot->dead)
      maint_cv_.notify_all();
}

Result<json::value> WorkerPool::call(std::string_view method, const json::object &params,
                                     std::optional<std::uint64_t> timeout_ns) {
   const Admission admission = breaker_.try_acquire();
   if (admission == Admission::rejected) {
      std::lock_guard lock(mutex_);
      ++counters_.rejected;
      return breaker_.rejection_status();
   }
   auto lease = acquire(clock_->now_ns() + config_.acquire_timeout_ms * k_ns_per_ms);
   if (!lease) {
      breaker_.record_failure(admission); // upstream: a failed acquire counts against the circuit
      return lease.status();
   }
   const std::uint64_t deadline = timeout_ns.value_or(config_.request_timeout_ms * k_ns_per_ms);
   auto result = lease.value().worker->call(method, params, deadline);
   release(lease.value(), result.code());
   if (counts_as_breaker_failure(result.status()))
      breaker_.record_failure(admission);
   else
      breaker_.record_success(admission);
   return result;
}

bool WorkerPool::healthy() {
   if (breaker_.state() != BreakerState::closed)
      return false;
   std::shared_ptr<Worker> worker;
   {
      std::lock_guard lock(mutex_);
      for (auto &slot : slots_)
         if (!slot->dead && !slot->retiring && slot->worker->alive())
            worker = slot->worker;
   }
   return worker && worker->ping(config_.health_ping_timeout_ms * k_ns_per_ms).ok();
}

PoolStats WorkerPool::stats() const {
   std::lock_guard lock(mutex_);
   PoolStats s = counters_;
   for (const auto &slot : slots_) {
      s.workers += slot->dead || slot->retiring ? 0 : 1;
      s.retiring += slot->retiring && !slot->dead ? 1 : 0;
      s.in_flight += slot->in_flight;
   }
   s.spawning = spawning_;
   s.circuit = breaker_.state();
   return s;
}

void WorkerPool::shutdown() noexcept {
   std::lock_guard guard(shutdown_mutex_);
   std::vector<std::shared_ptr<Worker>> workers;
   {
      std::lock_guard lock(mutex_);
      shutting_down_ = true;
      capacity_cv_.notify_all();
      maint_cv_.notify_all();
   }
   if (maintenance_.joinable())
      maintenance_.join();
   {
      std::lock_guard lock(mutex_);
      for (auto &slot : slots_)
         workers.push_back(slot->worker);
      slots_.clear();
   }
   stop_all(workers);
}

void WorkerPool::log(LogLevel level, const std::string &text) const {
   if (hooks_.log)
      hooks_.log(level, text);
}

} // namespace pmat::bridge
