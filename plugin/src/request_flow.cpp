// SPDX-License-Identifier: MIT
#include "request_flow.hpp"
#include "version.hpp"

#include "c_boundary.hpp"
#include "claude/languages.hpp"
#include "claude/settings.hpp"
#include "native_answer.hpp"
#include "object_text.hpp"

#include <pmat/cache/key.hpp>
#include <pmat/common/json_text.hpp>
#include <pmat/common/utf8.hpp>
#include <pmat/flags/caller_id.hpp>

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

std::string source_name(pmat::cache::Source source) {
   switch (source) {
   case pmat::cache::Source::L1: return "l1";
   case pmat::cache::Source::L2: return "l2";
   case pmat::cache::Source::Loaded: return "computed";
   case pmat::cache::Source::Shared: return "shared";
   }
   return "unknown";
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

NativeAnswer native_result(const FileInput &in, const AnalyzeOptions &options, Runtime &rt) {
   pmat::native::Options native_options;
   native_options.profile = options.profile;
   const auto analyse = [&] {
      return analyze_native(in.path, in.language_hint, in.content, native_options);
   };
   pmat::cache::TieredCache *cache = rt.native_cache();
   if (!cache) // no key, no copy for a cache, no parse back
      return answer_of(analyse(), "uncached");
   std::optional<NativeAnswer> computed; // set when this call ran the analysis itself
   const auto load = [&] {
      computed = answer_of(analyse(), "computed");
      return pmat::cache::LoadResult::answer(pmat::cache::Kind::Native, computed->text);
   };
   const auto key =
       key_for(in, in.language_hint, pmat::cache::Engine::Native, "", key_options(in, options));
   const auto lookup = through_cache(cache, key, load);
   if (!lookup.result.ok())
      throw StatusError(PMAT_STATUS_INTERNAL,
                        "native analysis failed: " + lookup.result.error().message);
   if (computed && lookup.source == pmat::cache::Source::Loaded)
      return std::move(*computed);
   return answer_of_text(lookup.result.value()->payload, source_name(lookup.source));
}

struct ClaudeOutcome {
   pmat::bridge::Status status; // ok = reviewed
   boost::json::object review;
   std::string source; // as NativeAnswer::source
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
                            const AnalyzeOptions &options, const NativeAnswer &native,
                            Runtime &rt) {
   claude::BatchItem item{in.path.empty() ? "untitled" : in.path,
                          language,
                          std::string(in.content),
                          options.model,
                          options.max_output_tokens.value_or(0),
                          changed_lines_json(options),
                          native.findings,
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
      return {status_of(lookup.result.error()), {}, {}};
   return {{},
           boost::json::parse(lookup.result.value()->payload).as_object(),
           rt.claude_cache() ? source_name(lookup.source) : "uncached"};
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
std::string claude_language(const FileInput &in, const NativeAnswer &native, Runtime &rt) {
   if (!native.skipped)
      return native.language;
   if (!native.skip_reason.starts_with("unsupported language"))
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

// The members the request adds after the native answer's, in the order they are written.
struct Additions {
   std::string engine = "native";
   bool rollout_claude = false;     // rollout.claude
   std::string_view rollout_reason; // rollout.reason: a flags::to_string name (static)
   std::string fallback_reason;
   boost::json::object claude_error;
   std::optional<boost::json::object> claude;
   std::string native_source; // cache.native
   std::string claude_source; // cache.claude; empty when Claude did not answer
};

// {"claude":bool,"reason":"..."} as Boost writes the object: every native file carries it.
std::string rollout_text(const Additions &added) {
   std::string out =
       added.rollout_claude ? "{\"claude\":true,\"reason\":" : "{\"claude\":false,\"reason\":";
   pmat::common::append_json_string(out, added.rollout_reason);
   return out + "}";
}

// {"native":"...","claude":"..."} ("claude" only when Claude answered).
std::string cache_text(const Additions &added) {
   std::string out = "{\"native\":";
   pmat::common::append_json_string(out, added.native_source);
   if (!added.claude_source.empty()) {
      out += ",\"claude\":";
      pmat::common::append_json_string(out, added.claude_source);
   }
   return out + "}";
}

void add_claude(const FileInput &in, const AnalyzeOptions &options, Runtime &rt,
                const NativeAnswer &native, Additions &out) {
   const std::string language = claude_language(in, native, rt);
   if (const std::string reason = refusal(language); !reason.empty()) {
      out.fallback_reason = reason;
      return;
   }
   auto outcome = claude_review(in, language, options, native, rt);
   if (!outcome.status.ok()) {
      out.fallback_reason = claude::fallback_reason({outcome.status, {}, {}});
      const char *name = pmat_status_name(outcome.status.code);
      out.claude_error = {{"code", outcome.status.code},
                          {"name", name ? name : "Unknown"},
                          {"message", outcome.status.message}};
      return;
   }
   if (outcome.source != "computed" && outcome.source != "uncached")
      spent_nothing(outcome.review);
   out.claude = std::move(outcome.review);
   out.engine = "claude";
   out.claude_source = outcome.source;
}

// The result: the native answer's text with the request's members appended, serialised once.
std::string result_text(NativeAnswer &&native, const Additions &added) {
   ObjectText out(std::move(native.text));
   out.add_string("engine", added.engine);
   out.add_string("plugin_version", k_plugin_version);
   out.add_json("rollout", rollout_text(added));
   if (!added.fallback_reason.empty())
      out.add_string("fallback_reason", added.fallback_reason);
   if (!added.claude_error.empty())
      out.add("claude_error", added.claude_error);
   if (added.claude)
      out.add("claude", *added.claude);
   out.add_json("cache", cache_text(added));
   return out.take();
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
   NativeAnswer native = native_result(in, options, rt);
   rt.record_native(native.skipped, request.content_size, rt.now_ns() - started);
   Additions added;
   added.native_source = native.source;
   // Only the rollout strategy reads the caller: an explicit engine skips finding it (a walk up
   // the file's directories: 3.5 % of a whole-tree native run's instructions, and 5 syscalls).
   const pmat::flags::EngineRequest requested = requested_engine(options.engine);
   const std::string caller = requested == pmat::flags::EngineRequest::Auto
                                  ? pmat::flags::resolve_caller_id(options.caller_id, in.path).id
                                  : std::string();
   const auto decision = rt.evaluate_flags({caller, requested});
   added.rollout_claude = decision.use_claude;
   added.rollout_reason = pmat::flags::to_string(decision.reason);
   const std::string refused = refusal(decision.reason);
   if (decision.use_claude)
      add_claude(in, options, rt, native, added);
   else if (options.engine == Engine::Claude && !refused.empty())
      added.fallback_reason = refused;
   return result_text(std::move(native), added);
}

} // namespace pmat::plugin
