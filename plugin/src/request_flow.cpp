// SPDX-License-Identifier: MIT
#include "request_flow.hpp"
#include "version.hpp"

#include "c_boundary.hpp"
#include "claude/languages.hpp"
#include "claude/settings.hpp"

#include <pmat/cache/key.hpp>
#include <pmat/common/utf8.hpp>
#include <pmat/flags/caller_id.hpp>
#include <pmat/native/analysis.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <optional>

namespace pmat::plugin {
namespace {

constexpr std::uint64_t k_default_deadline_ms = 60'000;

struct FileInput {
   std::string path;
   std::string_view content;
   std::string language_hint;
};

struct Served {
   boost::json::object value;
   std::string source; // "l1", "l2", "computed", "shared" or "uncached"
};

std::string source_name(pmat::cache::Source source) {
   switch (source) {
   case pmat::cache::Source::L1: return "l1";
   case pmat::cache::Source::L2: return "l2";
   case pmat::cache::Source::Loaded: return "computed";
   case pmat::cache::Source::Shared: return "shared";
   }
   return "unknown";
}

std::string string_field(const boost::json::object &object, const char *key) {
   const auto *value = object.if_contains(key);
   return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

pmat::cache::Key key_for(const FileInput &in, std::string_view language, pmat::cache::Engine engine,
                         const std::string &model, const std::string &options_json) {
   pmat::cache::KeyInputs inputs;
   inputs.content = in.content;
   inputs.language = language;
   inputs.engine = engine;
   inputs.model = model;
   inputs.prompt_version = engine == pmat::cache::Engine::Claude ? claude::k_prompt_version : "";
   inputs.analyzer_version = k_plugin_version;
   inputs.options_json = options_json;
   return pmat::cache::make_key(inputs);
}

// Everything besides the content that changes the answer: the path (it is in the result) and
// the gate profile.
std::string key_options(const FileInput &in, const AnalyzeOptions &options) {
   return boost::json::serialize(
       boost::json::object{{"path", in.path}, {"profile", options.profile}});
}

// Runs `load` through the cache when there is one.
pmat::cache::Lookup through_cache(pmat::cache::TieredCache *cache, const pmat::cache::Key &key,
                                  const pmat::cache::TieredCache::Loader &load) {
   if (cache == nullptr)
      return {load(), pmat::cache::Source::Loaded};
   return cache->get_or_load(key, load);
}

Served native_result(const FileInput &in, const AnalyzeOptions &options, Runtime &rt) {
   pmat::native::Options native_options;
   native_options.profile = options.profile;
   pmat::cache::TieredCache *cache = rt.native_cache();
   if (!cache) // the answer stays an object: no key, no serialisation for a cache, no parse back
      return {pmat::native::analyze_file(in.path, in.language_hint, in.content, native_options),
              "uncached"};
   std::optional<boost::json::object> computed; // set when this call ran the analysis itself
   const auto load = [&] {
      computed = pmat::native::analyze_file(in.path, in.language_hint, in.content, native_options);
      return pmat::cache::LoadResult::answer(pmat::cache::Kind::Native,
                                             boost::json::serialize(*computed));
   };
   const auto key =
       key_for(in, in.language_hint, pmat::cache::Engine::Native, "", key_options(in, options));
   const auto lookup = through_cache(cache, key, load);
   if (!lookup.result.ok())
      throw StatusError(PMAT_STATUS_INTERNAL,
                        "native analysis failed: " + lookup.result.error().message);
   if (computed && lookup.source == pmat::cache::Source::Loaded)
      return {std::move(*computed), source_name(lookup.source)};
   return {boost::json::parse(lookup.result.value()->payload).as_object(),
           source_name(lookup.source)};
}

struct ClaudeOutcome {
   pmat::bridge::Status status; // ok = reviewed
   Served review;
};

// A failed load as the cache hands it to every waiter: the loader's status and failure travel
// in the error's typed fields; a loader that threw has none and is a bridge error.
pmat::bridge::Status status_of(const pmat::cache::LoadError &error) {
   if (error.status == 0)
      return pmat::bridge::make_error(PMAT_STATUS_WORKER_CRASHED, error.message,
                                      pmat::bridge::Failure::bridge_error);
   return pmat::bridge::make_error(error.status, error.message,
                                   static_cast<pmat::bridge::Failure>(error.detail));
}

pmat::cache::LoadResult load_error(const pmat::bridge::Status &status) {
   const auto failure = status.cause();
   return pmat::cache::LoadResult::error(std::string(pmat::bridge::failure_name(failure)),
                                         status.message, status.code,
                                         static_cast<std::uint32_t>(failure));
}

// Auto-rollback hears of successes and of faults only: a rate limit, an overload or a quota is
// the service's capacity, and an open breaker already counted the faults that opened it.
void record_for_rollback(Runtime &rt, const pmat::bridge::Status &status, std::uint64_t ns) {
   if (status.ok() || pmat::bridge::counts_as_fault(status.cause()))
      rt.flags().record_claude_result(status.ok(), ns);
}

// The native violations Claude is told not to repeat: {line, rule, function, message}.
boost::json::array native_findings(const boost::json::object &native) {
   boost::json::array out;
   const auto *violations = native.if_contains("violations");
   if (!violations || !violations->is_array())
      return out;
   for (const auto &value : violations->get_array()) {
      const auto *violation = value.if_object();
      if (!violation)
         continue;
      boost::json::object item;
      for (const char *key : {"line", "rule", "function", "message"})
         if (const auto *field = violation->if_contains(key))
            item[key] = *field;
      out.push_back(std::move(item));
   }
   return out;
}

boost::json::value changed_lines_json(const AnalyzeOptions &options) {
   if (!options.changed_lines)
      return nullptr;
   boost::json::array spans;
   for (const auto &[first, last] : *options.changed_lines)
      spans.push_back(boost::json::array{first, last});
   return spans;
}

// The Claude key's options: besides the path and profile, what changes Claude's prompt for a
// review (the changed lines, the repository's instructions) and what it is told not to repeat.
std::string claude_key_options(const FileInput &in, const AnalyzeOptions &options,
                               const claude::BatchItem &item) {
   return boost::json::serialize(boost::json::object{{"path", in.path},
                                                     {"profile", options.profile},
                                                     {"changed_lines", item.changed_lines},
                                                     {"instructions", options.instructions},
                                                     {"native", item.native_findings}});
}

ClaudeOutcome claude_review(const FileInput &in, const std::string &language,
                            const AnalyzeOptions &options, const boost::json::object &native,
                            Runtime &rt) {
   claude::BatchItem item{in.path.empty() ? "untitled" : in.path,
                          language,
                          std::string(in.content),
                          options.model,
                          options.max_output_tokens.value_or(0),
                          changed_lines_json(options),
                          native_findings(native),
                          options.instructions};
   const auto load = [&] {
      const std::uint64_t started = rt.now_ns();
      auto outcome = rt.claude().analyze(item, options.deadline_ms.value_or(k_default_deadline_ms));
      record_for_rollback(rt, outcome.status, rt.now_ns() - started);
      if (!outcome.status.ok())
         return load_error(outcome.status);
      outcome.answer["request"] = outcome.context;
      return pmat::cache::LoadResult::answer(pmat::cache::Kind::Claude,
                                             boost::json::serialize(outcome.answer));
   };
   const std::string model =
       options.model.empty() ? rt.config("claude.model").value_or("") : options.model;
   const auto key = key_for(in, language, pmat::cache::Engine::Claude, model,
                            claude_key_options(in, options, item));
   const auto lookup = through_cache(rt.claude_cache(), key, load);
   if (!lookup.result.ok())
      return {status_of(lookup.result.error()), {}};
   return {{},
           {boost::json::parse(lookup.result.value()->payload).as_object(),
            rt.claude_cache() ? source_name(lookup.source) : "uncached"}};
}

// An answer this request did not pay for (a cache hit, or another request's answer shared while
// in flight) carries zero usage: summing usage over a run's results gives what the run spent.
void spent_nothing(boost::json::object &review) {
   review["usage"] = {{"input_tokens", 0},
                      {"output_tokens", 0},
                      {"cache_read_input_tokens", 0},
                      {"cache_creation_input_tokens", 0}};
   if (const auto *cost = review.if_contains("cost_usd"); cost && !cost->is_null())
      review["cost_usd"] = 0.0;
}

pmat::flags::EngineRequest requested_engine(Engine engine) {
   if (engine == Engine::Native)
      return pmat::flags::EngineRequest::Native;
   return engine == Engine::Claude ? pmat::flags::EngineRequest::Claude
                                   : pmat::flags::EngineRequest::Auto;
}

// The language Claude reviews the file as: the native analyzer's, or for a file it skipped as
// an unsupported language, the extra language of its extension (claude.extra_languages); empty
// when Claude cannot review it.
std::string claude_language(const FileInput &in, const boost::json::object &native, Runtime &rt) {
   const auto *skipped = native.if_contains("skipped");
   if (!skipped || !skipped->is_bool() || !skipped->get_bool())
      return string_field(native, "language");
   if (!string_field(native, "skip_reason").starts_with("unsupported language"))
      return {};
   return claude::extra_language(in.path, rt.config("claude.extra_languages"));
}

// Why Claude, although wanted, will not be asked; empty when it will be.
std::string refusal(const std::string &language) {
   if (language.empty())
      return "file-skipped";
   return claude::credentials_configured() ? "" : "not-configured";
}

std::string refusal(pmat::flags::Reason reason) {
   if (reason == pmat::flags::Reason::KillSwitch)
      return "kill-switch";
   return reason == pmat::flags::Reason::RollbackLatched ? "rollback-latched" : "";
}

void add_claude(const FileInput &in, const AnalyzeOptions &options, Runtime &rt,
                boost::json::object &result, boost::json::object &cache_sources) {
   const std::string language = claude_language(in, result, rt);
   if (const std::string reason = refusal(language); !reason.empty()) {
      result["fallback_reason"] = reason;
      return;
   }
   const auto outcome = claude_review(in, language, options, result, rt);
   if (!outcome.status.ok()) {
      result["fallback_reason"] = claude::fallback_reason({outcome.status, {}, {}});
      const char *name = pmat_status_name(outcome.status.code);
      result["claude_error"] = {{"code", outcome.status.code},
                                {"name", name ? name : "Unknown"},
                                {"message", outcome.status.message}};
      return;
   }
   result["claude"] = outcome.review.value;
   if (outcome.review.source != "computed" && outcome.review.source != "uncached")
      spent_nothing(result["claude"].as_object());
   result["engine"] = "claude";
   cache_sources["claude"] = outcome.review.source;
}

} // namespace

std::string analyze_request(const pmat_analyze_request &request, const AnalyzeOptions &options,
                            Runtime &rt) {
   if (pmat::native::GateThresholds unused; !pmat::native::gate_thresholds(options.profile, unused))
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                        "unknown profile \"" + options.profile + "\" (use default or strict)");
   const FileInput in{
       pmat::common::sanitize_utf8(request.path ? request.path : ""),
       std::string_view(reinterpret_cast<const char *>(request.content), request.content_size),
       request.language ? request.language : ""};
   const std::uint64_t started = rt.now_ns();
   Served native = native_result(in, options, rt);
   rt.record_native(native.value, request.content_size, rt.now_ns() - started);
   boost::json::object result = std::move(native.value);
   boost::json::object cache_sources = {{"native", native.source}};
   result["engine"] = "native";
   result["plugin_version"] = k_plugin_version;
   const auto caller = pmat::flags::resolve_caller_id(options.caller_id, in.path);
   const auto decision = rt.evaluate_flags({caller.id, requested_engine(options.engine)});
   result["rollout"] = {{"claude", decision.use_claude},
                        {"reason", std::string(pmat::flags::to_string(decision.reason))}};
   const std::string refused = refusal(decision.reason);
   if (decision.use_claude)
      add_claude(in, options, rt, result, cache_sources);
   else if (options.engine == Engine::Claude && !refused.empty())
      result["fallback_reason"] = refused;
   result["cache"] = std::move(cache_sources);
   return boost::json::serialize(result);
}

} // namespace pmat::plugin
