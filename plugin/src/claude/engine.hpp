// SPDX-License-Identifier: MIT
// The Claude engine inside the plugin: a pool of bridge workers (started on first use, so a
// native-only run never spawns one), the batcher in front of it, and its RED metrics under
// upstream's names (claude_bridge_requests_total, claude_bridge_errors_total,
// claude_bridge_latency_seconds).
#pragma once

#include "anchor.hpp"
#include "batcher.hpp"
#include "concurrency_limit.hpp"
#include "review_filters.hpp"
#include "settings.hpp"
#include "spend.hpp"

#include "metrics/registry.hpp"

#include <pmat/bridge/pool.hpp>
#include <pmat/plugin_api.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace pmat::plugin::claude {

// The prompt revision the bridge must use (its PROMPT_VERSION); part of every Claude cache key.
inline constexpr const char *k_prompt_version = "3";

class Engine {
 public:
   // Registers the engine's metrics; starts nothing. `host` is host-owned and outlives this.
   Engine(const pmat_host *host, ConfigLookup config, metrics::Registry &registry);
   ~Engine(); // stops the pool: joins its threads and reaps its workers (PMAT-ABI-102)
   Engine(const Engine &) = delete;
   Engine &operator=(const Engine &) = delete;

   // Claude's analysis of one file, batched with concurrent callers. [any-thread]
   ItemOutcome analyze(BatchItem item, std::uint64_t deadline_ms);

   // Pool and breaker state for metrics and status; zeros before the pool starts.
   pmat::bridge::PoolStats stats() const;

 private:
   std::vector<ItemOutcome> send(const std::vector<BatchItem> &items, std::uint64_t deadline_ms);
   boost::json::object analyze_params(const std::vector<BatchItem> &items) const;
   pmat::bridge::Result<boost::json::value> call_within(pmat::bridge::WorkerPool &workers,
                                                        const std::vector<BatchItem> &items,
                                                        std::uint64_t deadline_ms);
   void learn(const pmat::bridge::Status &status);
   void on_bridge_event(const boost::json::object &event);
   void count_anchors(const AnchorCounts &counts);
   void count_review(const ReviewCounts &counts);
   pmat::bridge::Status quota_latch() const;
   pmat::bridge::WorkerPool *pool(pmat::bridge::Status &why_not);
   void record(const ItemOutcome &outcome, std::uint64_t started_ns);
   void register_metrics(metrics::Registry &registry);
   void log(pmat_log_level level, const std::string &message) const;
   void on_bridge_log(pmat::bridge::LogLevel level, std::string_view text);
   // The sandbox launcher's report for a new worker (read from its --report-fd by the pool).
   void on_sandbox_report(std::string_view line);

   const pmat_host *host_;
   ConfigLookup config_;
   RequestSettings defaults_;
   Spend spend_;
   pmat::bridge::FunctionClock clock_;
   ConcurrencyLimit limit_;
   Batcher batcher_;
   // A spend limit or an empty credit balance stops sending for the rest of this generation.
   std::atomic<bool> quota_latched_{false};
   mutable std::mutex quota_mutex_;
   pmat::bridge::Status quota_status_;

   mutable std::mutex pool_mutex_;
   std::unique_ptr<pmat::bridge::WorkerPool> pool_;
   pmat::bridge::Status start_error_;
   std::uint64_t retry_start_after_ns_ = 0;

   metrics::Counter *requests_ok_ = nullptr;
   metrics::Counter *requests_error_ = nullptr;
   std::vector<std::pair<int, metrics::Counter *>> errors_by_code_;
   metrics::Counter *errors_other_ = nullptr;
   // Indexed by pmat::bridge::Failure; none's slot stays null.
   std::vector<metrics::Counter *> failures_by_reason_;
   metrics::Histogram *latency_ = nullptr;
   metrics::Counter *findings_kept_ = nullptr;
   metrics::Counter *findings_reanchored_ = nullptr;
   metrics::Counter *findings_dropped_ = nullptr;
   metrics::Counter *findings_outside_change_ = nullptr;
   metrics::Counter *findings_duplicate_ = nullptr;
   metrics::Counter *fixes_kept_ = nullptr;
   metrics::Counter *fixes_dropped_ = nullptr;
   // The sandbox launcher's layers report (last one seen): bit i = layer i active.
   std::atomic<std::uint32_t> sandbox_layers_{0};
   std::atomic<bool> sandbox_degraded_{false};
};

// The stable reason a failed Claude outcome gives for falling back to native ("rate-limited",
// ...): the name of its failure (pmat/bridge/failure.hpp), never read from its message.
std::string fallback_reason(const ItemOutcome &outcome);

} // namespace pmat::plugin::claude
