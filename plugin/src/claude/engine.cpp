// SPDX-License-Identifier: MIT
#include "engine.hpp"

#include <pmat/bridge/message.hpp>
#include <pmat/bridge/status.hpp>
#include <pmat/sandbox/layers_report.hpp>

#include <boost/json/array.hpp>

#include <string_view>

namespace pmat::plugin::claude {
namespace {

// A failed pool start is not retried on every request: each attempt spawns node.
constexpr std::uint64_t k_start_retry_ns = 5'000'000'000ull;
// One burst of 429s (many requests hitting the same limit) halves the concurrency once.
constexpr std::uint64_t k_rate_limit_cooldown_ns = 1'000'000'000ull;

constexpr int k_error_codes[] = {PMAT_STATUS_PIPE_BROKEN,       PMAT_STATUS_FRAMING_ERROR,
                                 PMAT_STATUS_MESSAGE_TOO_LARGE, PMAT_STATUS_INITIALIZATION_TIMEOUT,
                                 PMAT_STATUS_WORKER_CRASHED,    PMAT_STATUS_POOL_EXHAUSTED,
                                 PMAT_STATUS_RATE_LIMITED,      PMAT_STATUS_QUOTA_EXCEEDED,
                                 PMAT_STATUS_INVALID_API_KEY};

std::uint64_t host_clock(const void *host) {
   const auto *h = static_cast<const pmat_host *>(host);
   return h->now_ns(h);
}

pmat_log_level to_host_level(pmat::bridge::LogLevel level) {
   return static_cast<pmat_log_level>(static_cast<int>(level));
}

std::vector<ItemOutcome> fail_all(std::size_t n, const pmat::bridge::Status &why) {
   return std::vector<ItemOutcome>(n, ItemOutcome{why, {}, {}});
}

pmat::bridge::Status broken_answer(const std::string &what) {
   return pmat::bridge::make_error(PMAT_STATUS_WORKER_CRASHED, what,
                                   pmat::bridge::Failure::bridge_error);
}

boost::json::object request_context(const boost::json::object &payload, std::size_t batch_size) {
   boost::json::object context;
   for (const char *key :
        {"engine", "model", "prompt_version", "attempts", "truncated_attempts", "duration_ms"})
      if (const auto *value = payload.if_contains(key))
         context[key] = *value;
   context["batch_size"] = batch_size;
   return context;
}

// The answer's entry for `path`, or nullptr (entries are matched by path, never by position,
// so a batch can never mix files up).
const boost::json::object *entry_for(const boost::json::array &files, const std::string &path) {
   for (const auto &value : files) {
      const auto *entry = value.if_object();
      const auto *entry_path = entry ? entry->if_contains("path") : nullptr;
      if (entry_path && entry_path->is_string() && entry_path->get_string() == path)
         return entry;
   }
   return nullptr;
}

// A per-file error entry {"code", "message", "reason"} as an outcome.
ItemOutcome error_outcome(const boost::json::object &entry, const boost::json::object &context) {
   const auto *error = entry.if_contains("error");
   const auto *object = error ? error->if_object() : nullptr;
   if (!object)
      return ItemOutcome{
          broken_answer("the bridge's entry has neither analysis nor error"), {}, context};
   return ItemOutcome{pmat::bridge::error_from_payload(*object), {}, context};
}

ItemOutcome outcome_for(const BatchItem &item, const boost::json::array &files,
                        const boost::json::object &context) {
   const auto *entry = entry_for(files, item.path);
   if (!entry)
      return ItemOutcome{
          broken_answer("the bridge's answer has no entry for " + item.path), {}, context};
   if (const auto *analysis = entry->if_contains("analysis"); analysis && analysis->is_object())
      return ItemOutcome{{}, analysis->get_object(), context};
   return error_outcome(*entry, context);
}

} // namespace

Engine::Engine(const pmat_host *host, ConfigLookup config, metrics::Registry &registry)
    : host_(host), config_(std::move(config)), defaults_(request_settings(config_)),
      spend_(registry, defaults_.prices), clock_(host_clock, host),
      limit_(clock_, k_rate_limit_cooldown_ns),
      batcher_([this](const auto &items, auto deadline) { return send(items, deadline); },
               batch_settings(config_)) {
   register_metrics(registry);
   if (const auto problem = prices_problem(defaults_.prices); !problem.empty())
      log(PMAT_LOG_WARN, "claude engine: " + problem + "; using the built-in price table");
}

Engine::~Engine() {
   std::lock_guard lock(pool_mutex_);
   if (pool_)
      pool_->shutdown();
   pool_.reset();
}

void Engine::log(pmat_log_level level, const std::string &message) const {
   host_->log(host_, level, message.c_str());
}

void Engine::on_bridge_log(pmat::bridge::LogLevel level, std::string_view text) {
   log(to_host_level(level), "claude bridge: " + std::string(text));
}

void Engine::on_sandbox_report(std::string_view line) {
   const auto report = pmat::sandbox::parse_layers_report(line);
   if (!report) {
      log(PMAT_LOG_WARN, "claude bridge: unreadable sandbox report: " + std::string(line));
      return;
   }
   std::uint32_t bits = 0;
   for (const auto layer : report->active)
      bits |= 1u << static_cast<unsigned>(layer);
   sandbox_layers_.store(bits);
   sandbox_degraded_.store(report->degraded);
   log(report->degraded ? PMAT_LOG_WARN : PMAT_LOG_INFO,
       std::string(report->degraded ? "DEGRADED sandbox for a bridge worker: "
                                    : "bridge worker sandboxed: ") +
           pmat::sandbox::format_layers_report(*report));
}

pmat::bridge::WorkerPool *Engine::pool(pmat::bridge::Status &why_not) {
   std::lock_guard lock(pool_mutex_);
   if (pool_)
      return pool_.get();
   const std::uint64_t now = clock_.now_ns();
   if (!start_error_.ok() && now < retry_start_after_ns_) {
      why_not = start_error_;
      return nullptr;
   }
   auto settings = pool_settings(config_);
   auto started =
       settings.ok()
           ? pmat::bridge::WorkerPool::start(
                 settings.value(),
                 {&clock_,
                  [this](pmat::bridge::LogLevel level, std::string_view text) {
                     on_bridge_log(level, text);
                  },
                  [this](const boost::json::object &event) { on_bridge_event(event); },
                  [this](std::string_view line) { on_sandbox_report(line); }})
           : pmat::bridge::Result<std::unique_ptr<pmat::bridge::WorkerPool>>(settings.status());
   if (!started.ok()) {
      start_error_ = started.status();
      retry_start_after_ns_ = now + k_start_retry_ns;
      log(PMAT_LOG_ERROR, "claude engine unavailable: " + start_error_.message);
      why_not = start_error_;
      return nullptr;
   }
   start_error_ = {};
   pool_ = std::move(started.value());
   limit_.set_capacity(settings.value().pool_size * settings.value().max_in_flight_per_worker);
   return pool_.get();
}

std::vector<ItemOutcome> Engine::send(const std::vector<BatchItem> &items,
                                      std::uint64_t deadline_ms) {
   if (const auto latched = quota_latch(); !latched.ok())
      return fail_all(items.size(), latched);
   pmat::bridge::Status why_not;
   auto *workers = pool(why_not);
   if (!workers)
      return fail_all(items.size(), why_not);
   auto answer = call_within(*workers, items, deadline_ms);
   learn(answer.status());
   if (!answer.ok())
      return fail_all(items.size(), answer.status());
   const auto *payload = answer.value().if_object();
   const auto *answered = payload ? payload->if_contains("files") : nullptr;
   if (!answered || !answered->is_array())
      return fail_all(items.size(), broken_answer("the bridge's answer has no files array"));
   const auto context = request_context(*payload, items.size());
   std::vector<ItemOutcome> outcomes;
   for (const auto &item : items) {
      auto outcome = outcome_for(item, answered->get_array(), context);
      if (outcome.status.ok()) {
         count_anchors(anchor_findings(outcome.answer, item.content));
         count_review(review_filters(outcome.answer, item));
      }
      outcomes.push_back(std::move(outcome));
   }
   spend_.charge(outcomes, *payload);
   return outcomes;
}

// The call, once the concurrency limit lets it go, within what is left of the deadline.
pmat::bridge::Result<boost::json::value> Engine::call_within(pmat::bridge::WorkerPool &workers,
                                                             const std::vector<BatchItem> &items,
                                                             std::uint64_t deadline_ms) {
   const std::uint64_t deadline_ns = clock_.now_ns() + deadline_ms * pmat::bridge::k_ns_per_ms;
   if (!limit_.acquire(deadline_ns))
      return pmat::bridge::make_error(
          PMAT_STATUS_RATE_LIMITED,
          "no Claude capacity before the deadline: concurrency lowered to " +
              std::to_string(limit_.limit()) + " after rate limits",
          pmat::bridge::Failure::rate_limited);
   const std::uint64_t now = clock_.now_ns();
   const std::uint64_t left = deadline_ns > now ? deadline_ns - now : 1;
   auto answer = workers.call("analyze", analyze_params(items), left);
   limit_.release();
   return answer;
}

// What an answer says about the API's capacity: a rate limit or an overload lowers the
// concurrency, a success raises it, a spend limit stops sending.
void Engine::learn(const pmat::bridge::Status &status) {
   const auto cause = status.cause();
   if (cause == pmat::bridge::Failure::none)
      limit_.on_success();
   else if (cause == pmat::bridge::Failure::rate_limited ||
            cause == pmat::bridge::Failure::overloaded)
      limit_.on_rate_limited();
   else if (cause == pmat::bridge::Failure::quota_exceeded && !quota_latched_.exchange(true)) {
      {
         std::lock_guard lock(quota_mutex_);
         quota_status_ = pmat::bridge::make_error(
             status.code, "stopped sending to Claude for the rest of this run: " + status.message,
             pmat::bridge::Failure::quota_exceeded);
      }
      log(PMAT_LOG_ERROR, "claude engine: spend limit or credit exhausted (" + status.message +
                              "); no more Claude requests until the plugin is reloaded");
   }
}

pmat::bridge::Status Engine::quota_latch() const {
   if (!quota_latched_.load())
      return {};
   std::lock_guard lock(quota_mutex_);
   return quota_status_;
}

void Engine::count_review(const ReviewCounts &counts) {
   findings_outside_change_->add(counts.outside_change);
   findings_duplicate_->add(counts.duplicates);
   fixes_kept_->add(counts.fixes_kept);
   fixes_dropped_->add(counts.fixes_dropped);
}

void Engine::count_anchors(const AnchorCounts &counts) {
   findings_kept_->add(counts.kept);
   findings_reanchored_->add(counts.reanchored);
   findings_dropped_->add(counts.dropped);
}

// The bridge's retry notices: a 429 waited out or a 529 retried is the API asking for less.
void Engine::on_bridge_event(const boost::json::object &event) {
   const auto *name = event.if_contains("event");
   const auto *status = event.if_contains("error_status");
   if (!name || !name->is_string() || name->get_string() != "api_retry" || !status ||
       !status->is_int64())
      return;
   if (status->get_int64() == 429 || status->get_int64() == 529)
      limit_.on_rate_limited();
}

// The batch's request: its files, its model, and its output budget (each file's share, summed),
// with the model's ceiling, which the bridge's retries of a cut answer never pass.
boost::json::object Engine::analyze_params(const std::vector<BatchItem> &items) const {
   boost::json::array files;
   std::uint64_t budget = 0;
   for (const auto &item : items) {
      boost::json::object file{
          {"path", item.path}, {"language", item.language}, {"content", item.content}};
      if (!item.changed_lines.is_null())
         file["changed_lines"] = item.changed_lines;
      if (!item.native_findings.empty())
         file["native_findings"] = item.native_findings;
      files.push_back(std::move(file));
      budget += item.max_output_tokens != 0 ? item.max_output_tokens : defaults_.max_output_tokens;
   }
   boost::json::object params = {{"files", std::move(files)},
                                 {"prompt_version", k_prompt_version},
                                 {"max_output_tokens", budget}};
   if (!items.front().instructions.empty())
      params["instructions"] = items.front().instructions;
   const std::string model = items.front().model.empty() ? defaults_.model : items.front().model;
   if (!model.empty())
      params["model"] = model;
   if (const auto ceiling = spend_.output_ceiling(model); ceiling != 0)
      params["max_output_tokens_limit"] = ceiling;
   return params;
}

ItemOutcome Engine::analyze(BatchItem item, std::uint64_t deadline_ms) {
   const std::uint64_t started = clock_.now_ns();
   ItemOutcome outcome = batcher_.submit(std::move(item), deadline_ms);
   record(outcome, started);
   return outcome;
}

void Engine::record(const ItemOutcome &outcome, std::uint64_t started_ns) {
   latency_->observe_ns(clock_.now_ns() - started_ns);
   if (outcome.status.ok()) {
      requests_ok_->add();
      return;
   }
   requests_error_->add();
   const auto reason = static_cast<std::size_t>(outcome.status.cause());
   if (reason < failures_by_reason_.size() && failures_by_reason_[reason] != nullptr)
      failures_by_reason_[reason]->add();
   for (const auto &[code, counter] : errors_by_code_)
      if (code == outcome.status.code) {
         counter->add();
         return;
      }
   errors_other_->add();
}

pmat::bridge::PoolStats Engine::stats() const {
   std::lock_guard lock(pool_mutex_);
   return pool_ ? pool_->stats() : pmat::bridge::PoolStats{};
}

void Engine::register_metrics(metrics::Registry &registry) {
   const std::string requests = "claude_bridge_requests_total";
   const std::string help = "Claude analyze requests through the bridge, by outcome.";
   requests_ok_ =
       &registry.counter(requests, help, {{"operation", "analyze"}, {"status", "success"}});
   requests_error_ =
       &registry.counter(requests, help, {{"operation", "analyze"}, {"status", "error"}});
   const std::string errors = "claude_bridge_errors_total";
   const std::string errors_help = "Failed Claude analyze requests, by upstream error code name.";
   for (const int code : k_error_codes)
      errors_by_code_.emplace_back(
          code, &registry.counter(errors, errors_help,
                                  {{"operation", "analyze"}, {"error", pmat_status_name(code)}}));
   errors_other_ =
       &registry.counter(errors, errors_help, {{"operation", "analyze"}, {"error", "Other"}});
   // The code names a family (a 5xx from the API is WorkerCrashed, as upstream had it); the
   // reason says which failure it was, as the result's fallback_reason does.
   const std::string failures = "claude_bridge_failures_total";
   const std::string failures_help =
       "Failed Claude analyze requests, by failure reason (the results' fallback_reason).";
   // Every failure after none, up to bridge_error, the enum's last value (failure.hpp).
   const auto last = static_cast<std::size_t>(pmat::bridge::Failure::bridge_error);
   failures_by_reason_.assign(last + 1, nullptr);
   for (std::size_t index = 1; index <= last; ++index) {
      const auto failure = static_cast<pmat::bridge::Failure>(index);
      failures_by_reason_[index] = &registry.counter(
          failures, failures_help,
          {{"operation", "analyze"}, {"reason", std::string(pmat::bridge::failure_name(failure))}});
   }
   latency_ =
       &registry.histogram("claude_bridge_latency_seconds",
                           "Claude analyze latency seen by the plugin (batching included).",
                           {0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30}, {{"operation", "analyze"}});
   registry.gauge("pmat_claude_workers", "Bridge workers by state.", {{"state", "serving"}},
                  [this] { return static_cast<double>(stats().workers); });
   registry.gauge("pmat_claude_workers", "Bridge workers by state.", {{"state", "retiring"}},
                  [this] { return static_cast<double>(stats().retiring); });
   registry.gauge("pmat_claude_requests_in_flight", "Claude requests inside the pool.", {},
                  [this] { return static_cast<double>(stats().in_flight); });
   const std::string findings = "pmat_claude_findings_total";
   const std::string findings_help =
       "Claude's findings and refactorings by anchor check: kept, re-anchored, dropped.";
   findings_kept_ = &registry.counter(findings, findings_help, {{"outcome", "kept"}});
   findings_reanchored_ = &registry.counter(findings, findings_help, {{"outcome", "reanchored"}});
   findings_dropped_ = &registry.counter(findings, findings_help, {{"outcome", "dropped"}});
   findings_outside_change_ =
       &registry.counter(findings, findings_help, {{"outcome", "outside_change"}});
   findings_duplicate_ = &registry.counter(findings, findings_help, {{"outcome", "duplicate"}});
   const std::string fixes = "pmat_claude_fixes_total";
   const std::string fixes_help =
       "Claude's proposed fixes: kept (they apply to the file), dropped.";
   fixes_kept_ = &registry.counter(fixes, fixes_help, {{"outcome", "kept"}});
   fixes_dropped_ = &registry.counter(fixes, fixes_help, {{"outcome", "dropped"}});
   registry.gauge("pmat_claude_concurrency_limit",
                  "Claude requests allowed in flight: halved on rate limits, +1 per success.", {},
                  [this] { return static_cast<double>(limit_.limit()); });
   registry.gauge("pmat_claude_quota_latched",
                  "1 when a spend limit stopped Claude requests for this plugin generation.", {},
                  [this] { return quota_latched_.load() ? 1.0 : 0.0; });
   registry.gauge("pmat_claude_breaker_state", "Circuit breaker: 0 closed, 1 open, 2 half-open.",
                  {}, [this] { return static_cast<double>(stats().circuit); });
   for (const auto layer : pmat::sandbox::all_layers())
      registry.gauge("pmat_claude_sandbox_layer_active",
                     "1 when the last sandboxed worker reported this layer active.",
                     {{"layer", std::string(pmat::sandbox::layer_name(layer))}}, [this, layer] {
                        return (sandbox_layers_.load() >> static_cast<unsigned>(layer)) & 1u ? 1.0
                                                                                             : 0.0;
                     });
   registry.gauge("pmat_claude_sandbox_degraded", "1 when a worker runs with a layer missing.", {},
                  [this] { return sandbox_degraded_.load() ? 1.0 : 0.0; });
   registry.gauge("pmat_claude_worker_crashes", "Workers that died without being asked to.", {},
                  [this] { return static_cast<double>(stats().crashes); });
   registry.gauge("pmat_claude_pool_exhausted", "Acquire timeouts (PoolExhausted).", {},
                  [this] { return static_cast<double>(stats().exhausted); });
}

std::string fallback_reason(const ItemOutcome &outcome) {
   return std::string(pmat::bridge::failure_name(outcome.status.cause()));
}

} // namespace pmat::plugin::claude
