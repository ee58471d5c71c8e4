// A pool of bridge workers behind a circuit breaker.
//  - min_workers are kept running; more are started on demand up to pool_size.
//  - call() waits at most acquire_timeout for capacity, else PoolExhausted 2003; a tripped
//    breaker answers 2003 ("Circuit open, retry after {N}ms") without touching a worker.
//  - A worker that dies is replaced by the maintenance thread, with jittered exponential backoff
//    so a bridge that crashes at start-up does not become a fork bomb.
//  - After recycle_after_requests (+ jitter) or above max_rss_mb a worker is recycled: a
//    replacement is started first, then the old worker takes no new requests, finishes the ones
//    it has and stops; nothing in flight is dropped and callers never wait for the start-up.
//  - Outcomes are reported to the breaker per request (transport, crash, deadline, bad key and
//    invalid answers count as failures; rate limits, overload, quota and application errors do
//    not).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <pmat/bridge/breaker.hpp>
#include <pmat/bridge/config.hpp>
#include <pmat/bridge/worker.hpp>

namespace pmat::bridge {

struct PoolHooks {
   const Clock *clock = nullptr; // nullptr = SteadyClock
   LogFn log;
   std::function<void(const boost::json::object &event)> on_event; // bridge notifications
   // Each new worker's launcher report line (PoolConfig::launcher_report), on the spawning thread.
   std::function<void(std::string_view line)> on_launcher_report;
};

struct PoolStats {
   std::uint32_t workers = 0;  // running and taking requests
   std::uint32_t retiring = 0; // draining before a recycle
   std::uint32_t spawning = 0;
   std::uint32_t in_flight = 0;
   std::uint64_t spawned = 0;
   std::uint64_t spawn_failures = 0;
   std::uint64_t crashes = 0; // workers that died without being asked to stop
   std::uint64_t recycled = 0;
   std::uint64_t successes = 0;
   std::uint64_t failures = 0;
   std::uint64_t exhausted = 0; // acquire timeouts
   std::uint64_t rejected = 0;  // breaker open
   BreakerState circuit = BreakerState::closed;
};

// Whether a call's outcome tells the breaker the bridge (or the API behind it) is unhealthy:
// a fault (counts_as_fault) with a bridge-family code (1001-3999). Rate limits, overload and
// quota are capacity and do not count (docs/flags.md, "What counts as a failure").
bool counts_as_breaker_failure(const Status &status) noexcept;

class WorkerPool {
 public:
   // Starts the first worker synchronously (so a missing node or bridge is reported here, with
   // upstream's InitializationTimeout or WorkerCrashed), the rest of min_workers in background.
   static Result<std::unique_ptr<WorkerPool>> start(const PoolConfig &config, PoolHooks hooks);
   WorkerPool(const WorkerPool &) = delete;
   WorkerPool &operator=(const WorkerPool &) = delete;
   ~WorkerPool(); // shutdown()

   // `timeout_ns` = the request deadline (default request_timeout_ms), not counting the wait
   // for a worker (acquire_timeout_ms).
   Result<boost::json::value> call(std::string_view method, const boost::json::object &params,
                                   std::optional<std::uint64_t> timeout_ns = std::nullopt);

   // Breaker closed and some worker answers ping within health_ping_timeout_ms.
   bool healthy();
   [[nodiscard]] PoolStats stats() const;
   CircuitBreaker &breaker() noexcept { return breaker_; }
   [[nodiscard]] const PoolConfig &config() const noexcept { return config_; }

   // Stops the maintenance thread and every worker (gracefully, in parallel), failing callers
   // still waiting for capacity. Idempotent; never throws.
   void shutdown() noexcept;

 private:
   struct Slot;
   struct Lease;
   WorkerPool(PoolConfig config, PoolHooks hooks);

   Result<Lease> acquire(std::uint64_t deadline_ns);
   Slot *pick_locked();
   Slot *find_slot_locked(std::uint64_t serial);
   void release(const Lease &lease, int code);
   Result<std::shared_ptr<Worker>> spawn_worker(std::uint64_t serial);
   void add_worker_locked(std::shared_ptr<Worker> worker, std::uint64_t serial);
   void on_worker_exit(std::uint64_t serial);

   void maintenance_main(std::promise<Status> &first_started) noexcept;
   void maintenance_loop() noexcept;
   std::vector<std::shared_ptr<Worker>> collect_finished_locked();
   bool spawn_due_locked(std::uint64_t now) const;
   void spawn_one(std::unique_lock<std::mutex> &lock);
   void check_rss(std::unique_lock<std::mutex> &lock);
   std::uint64_t backoff_ns_locked();
   std::uint64_t next_wake_ns_locked(std::uint64_t now) const;
   std::uint32_t capacity_locked() const;
   bool promote_recycles_locked();
   void log(LogLevel level, const std::string &text) const;

   PoolConfig config_;
   PoolHooks hooks_;
   const Clock *clock_;
   CircuitBreaker breaker_;

   mutable std::mutex mutex_;
   std::condition_variable capacity_cv_; // callers waiting for a worker
   std::condition_variable maint_cv_;    // the maintenance thread
   std::vector<std::unique_ptr<Slot>> slots_;
   std::uint32_t spawning_ = 0;
   std::uint32_t waiters_ = 0;
   std::uint64_t next_serial_ = 1;
   std::uint32_t consecutive_failures_ = 0;
   std::uint64_t next_spawn_ns_ = 0;
   std::uint64_t next_rss_check_ns_ = 0;
   bool shutting_down_ = false;
   PoolStats counters_;
   std::mt19937_64 rng_;
   std::thread maintenance_;
   std::mutex shutdown_mutex_;
};

} // namespace pmat::bridge
