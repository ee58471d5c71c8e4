#include "engine.hpp"

#include <pmat/bridge/status.hpp>
#include <pmat/sandbox/layers_report.hpp>

#include <boost/json/array.hpp>

#include <string_view>

namespace pmat::plugin::claude {
namespace {

// A failed pool start is not retried on every request: each attempt spawns node.
constexpr std::uint64_t k_start_retry_ns = 5'000'000'000ull;

constexpr int k_error_codes[] = {1001, 1002, 1003, 2001, 2002, 2003, 3001, 3002, 3003};

std::uint64_t host_clock(const void *host) {
   const auto *h = static_cast<const pmat_host *>(host);
   return h->now_ns(h);
}

pmat_log_level to_host_level(pmat::bridge::LogLevel level) {
   return static_cast<pmat_log_level>(static_cast<int>(level));
}

std::vector<ItemOutcome> fail_all(std::size_t n, int code, const std::string &message) {
   return std::vector<ItemOutcome>(n, ItemOutcome{code, message, {}, {}});
}

boost::json::object request_context(const boost::json::object &payload, std::size_t batch_size) {
   boost::json::object context;
   for (const char *key : {"engine", "model", "prompt_version", "attempts", "duration_ms"})
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

// A per-file error entry {"code", "message"} as an outcome.
ItemOutcome error_outcome(const boost::json::object &entry, const boost::json::object &context) {
   const auto *error = entry.if_contains("error");
   const auto *object = error ? error->if_object() : nullptr;
   const auto *code = object ? object->if_contains("code") : nullptr;
   const auto *message = object ? object->if_contains("message") : nullptr;
   return ItemOutcome{code && code->is_int64() ? static_cast<int>(code->get_int64()) : 2002,
                      message && message->is_string() ? std::string(message->get_string())
                                                      : "the bridge failed this file",
                      {},
                      context};
}

ItemOutcome outcome_for(const BatchItem &item, const boost::json::array &files,
                        const boost::json::object &context) {
   const auto *entry = entry_for(files, item.path);
   if (!entry)
      return ItemOutcome{2002, "the bridge's answer has no entry for " + item.path, {}, context};
   if (const auto *analysis = entry->if_contains("analysis"); analysis && analysis->is_object())
      return ItemOutcome{0, "", analysis->get_object(), context};
   return error_outcome(*entry, context);
}

} // namespace

Engine::Engine(const pmat_host *host, ConfigLookup config, metrics::Registry &registry)
    : host_(host), config_(std::move(config)), clock_(host_clock, host),
      batcher_([this](const auto &items, auto deadline) { return send(items, deadline); },
               batch_settings(config_)) {
   register_metrics(registry);
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
                 settings.value(), {&clock_,
                                    [this](pmat::bridge::LogLevel level, std::string_view text) {
                                       on_bridge_log(level, text);
                                    },
                                    {},
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
   return pool_.get();
}

std::vector<ItemOutcome> Engine::send(const std::vector<BatchItem> &items,
                                      std::uint64_t deadline_ms) {
   pmat::bridge::Status why_not;
   auto *workers = pool(why_not);
   if (!workers)
      return fail_all(items.size(), why_not.code, why_not.message);
   boost::json::array files;
   for (const auto &item : items)
      files.push_back(
          {{"path", item.path}, {"language", item.language}, {"content", item.content}});
   const boost::json::object params = {{"files", std::move(files)}, {"prompt_version", "1"}};
   auto answer = workers->call("analyze", params, deadline_ms * pmat::bridge::kNsPerMs);
   if (!answer.ok())
      return fail_all(items.size(), answer.code(), answer.status().message);
   const auto *payload = answer.value().if_object();
   const auto *answered = payload ? payload->if_contains("files") : nullptr;
   if (!answered || !answered->is_array())
      return fail_all(items.size(), 2002, "the bridge's answer has no files array");
   const auto context = request_context(*payload, items.size());
   std::vector<ItemOutcome> outcomes;
   for (const auto &item : items)
      outcomes.push_back(outcome_for(item, answered->get_array(), context));
   return outcomes;
}

ItemOutcome Engine::analyze(BatchItem item, std::uint64_t deadline_ms) {
   const std::uint64_t started = clock_.now_ns();
   ItemOutcome outcome = batcher_.submit(std::move(item), deadline_ms);
   record(outcome, started);
   return outcome;
}

void Engine::record(const ItemOutcome &outcome, std::uint64_t started_ns) {
   latency_->observe_ns(clock_.now_ns() - started_ns);
   if (outcome.code == 0) {
      requests_ok_->add();
      return;
   }
   requests_error_->add();
   for (const auto &[code, counter] : errors_by_code_)
      if (code == outcome.code) {
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
   registry.gauge("pmat_claude_breaker_state",
                  "Circuit breaker: 0 closed, 1 open, 2 half-open, 3 forced open.", {},
                  [this] { return static_cast<double>(stats().circuit); });
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
   registry.gauge("pmat_claude_pool_exhausted", "Acquire timeouts (PoolExhausted 2003).", {},
                  [this] { return static_cast<double>(stats().exhausted); });
}

std::string fallback_reason(const ItemOutcome &outcome) {
   static const std::pair<int, const char *> k_reasons[] = {
       {2001, "deadline"},        {3001, "rate-limited"},    {3002, "quota-exceeded"},
       {3003, "invalid-api-key"}, {1001, "transport-error"}, {1002, "transport-error"},
       {1003, "transport-error"}};
   const auto says = [&](const char *text) {
      return outcome.message.find(text) != std::string::npos;
   };
   if (outcome.code == 2003)
      return says("Circuit open") ? "breaker-open" : "pool-exhausted";
   if (outcome.code == 2002)
      return says("invalid analysis") ? "invalid-answer" : "bridge-error";
   for (const auto &[code, reason] : k_reasons)
      if (code == outcome.code)
         return reason;
   return "error";
}

} // namespace pmat::plugin::claude
