// SPDX-License-Identifier: MIT
#include "runtime.hpp"

#include "c_boundary.hpp"
#include "version.hpp"

#include "cache_and_flags_from_config.hpp"

#include <atomic>
#include <charconv>

namespace pmat::plugin {
namespace {

std::atomic<Runtime *> g_runtime{nullptr};

// Latency buckets with edges at the SLO thresholds (5 ms native budget, 1 s and 5 s for Claude).
const std::vector<double> k_duration_buckets = {0.0005, 0.001, 0.005, 0.01, 0.05, 0.1,
                                                0.5,    1,     2,     5,    10};

std::size_t parse_size(const std::optional<std::string> &text, std::size_t fallback) {
   if (!text)
      return fallback;
   std::size_t value = 0;
   const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
   return ec == std::errc() && end == text->data() + text->size() && value > 0 ? value : fallback;
}

} // namespace

Runtime::Runtime(const pmat_host *host) : host_(host) {
   max_file_bytes_ = parse_size(config("analyzer.max_file_bytes"), k_default_max_file_bytes);
   const std::string requests = "pmat_claude_requests_total";
   const std::string help = "Analyze requests by engine and outcome.";
   native_.ok = &registry_.counter(requests, help, {{"engine", "native"}, {"outcome", "ok"}});
   native_.skipped =
       &registry_.counter(requests, help, {{"engine", "native"}, {"outcome", "skipped"}});
   native_.refused =
       &registry_.counter(requests, help, {{"engine", "native"}, {"outcome", "refused"}});
   native_.duration =
       &registry_.histogram("pmat_claude_request_duration_seconds", "Analyze latency by engine.",
                            k_duration_buckets, {{"engine", "native"}});
   native_.bytes = &registry_.counter("pmat_claude_analyzed_bytes_total", "Source bytes analysed.",
                                      {{"engine", "native"}});
   registry_.gauge("pmat_claude_plugin_info", "The loaded plugin build.",
                   {{"version", k_plugin_version}}, [] { return 1.0; });
   const ConfigFn lookup = [this](const char *key) { return config(key); };
   cache_ = make_cache(host, lookup);
   // A native answer costs microseconds: caching it pays only where a file comes back (serve,
   // MCP). A one-shot run says cache.native = false and spares each file its key (a SHA-256 of
   // the content) and a serialise + parse.
   native_cached_ = native_answers_cached(lookup);
   claude_cached_ = claude_answers_cached(lookup);
   flags_ = make_flag_store(host, lookup);
   claude_ = std::make_unique<claude::Engine>(host, lookup, registry_);
   register_cache_metrics();
   register_flag_metrics();
}

void Runtime::log(pmat_log_level level, const std::string &message) const {
   host_->log(host_, level, message.c_str());
}

std::optional<std::string> Runtime::config(const char *key) const {
   std::string value(256, '\0');
   std::size_t length = 0;
   if (host_->config_get(host_, key, value.data(), value.size(), &length) != PMAT_STATUS_OK)
      return std::nullopt;
   if (length >= value.size()) {
      value.assign(length + 1, '\0');
      if (host_->config_get(host_, key, value.data(), value.size(), &length) != PMAT_STATUS_OK)
         return std::nullopt;
   }
   value.resize(length);
   return value;
}

pmat::flags::Decision Runtime::evaluate_flags(const pmat::flags::EvalContext &context) {
   const auto decision = flags_->evaluate(context);
   const auto index = static_cast<std::size_t>(decision.reason);
   if (index < flag_reasons_.size())
      flag_reasons_[index]->add();
   return decision;
}

void Runtime::record_native(bool skipped, std::size_t bytes, std::uint64_t ns) {
   (skipped ? native_.skipped : native_.ok)->add();
   native_.bytes->add(bytes);
   native_.duration->observe_ns(ns);
}

Runtime *runtime() noexcept {
   return g_runtime.load(std::memory_order_acquire);
}

Runtime &require_runtime(const char *use) {
   Runtime *rt = runtime();
   if (!rt)
      throw StatusError(PMAT_STATUS_NOT_INITIALIZED,
                        std::string(use) + " before init or after deinit");
   return *rt;
}

void set_runtime(Runtime *rt) noexcept {
   g_runtime.store(rt, std::memory_order_release);
}

} // namespace pmat::plugin
