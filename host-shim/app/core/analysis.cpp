// SPDX-License-Identifier: MIT
#include "analysis.hpp"

#include "api_error.hpp"

#include <report/report.hpp>

#include <boost/json/serialize.hpp>

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <utility>
#include <vector>

namespace pmat::app {
namespace {

ApiError plugin_error(const ShimReply &reply) {
   const char *name = pmat_status_name(reply.status);
   const std::string message = reply.error.empty() ? "the analyzer failed" : reply.error;
   return ApiError(http_status_for(reply.status), name ? name : "Error", message);
}

// The result with the report's gate for this one file under "gate".
GatedResult with_gate(report::FileResult result, const AnalyzeRequest &request) {
   std::vector<report::FileOutcome> outcome;
   outcome.emplace_back(request.source.path, std::move(result), std::string());
   const boost::json::object gate =
       report::gate_json(report::evaluate_gate(outcome, report_options(request.options)));
   report::FileResult &typed = outcome.front().result;
   report::append_member(typed.text, "gate", gate);
   if (typed.json)
      (*typed.json)["gate"] = gate;
   return {std::move(typed.text), std::move(typed.json)};
}

} // namespace

std::string plugin_options_json(const AnalyzeOptions &options) {
   boost::json::object json{{"engine", options.engine}, {"profile", options.profile}};
   if (!options.model.empty())
      json["model"] = options.model;
   if (options.timeout_ms > 0)
      json["timeout_ms"] = options.timeout_ms;
   if (options.max_output_tokens > 0)
      json["max_output_tokens"] = options.max_output_tokens;
   if (options.changed_lines) {
      boost::json::array spans;
      for (const auto &span : *options.changed_lines)
         spans.push_back(boost::json::array{span.first, span.last});
      json["changed_lines"] = std::move(spans);
   }
   if (!options.instructions.empty())
      json["instructions"] = options.instructions;
   return boost::json::serialize(json);
}

unsigned timeout_ms_from_seconds(double seconds, const std::string &what) {
   constexpr double k_max_seconds = 3600;
   if (!std::isfinite(seconds) || seconds <= 0 || seconds > k_max_seconds)
      throw std::invalid_argument(what + " must be a number of seconds above 0, at most 3600");
   return static_cast<unsigned>(std::ceil(seconds * 1000));
}

double checked_cost_cap(double usd, const std::string &what) {
   if (!std::isfinite(usd) || usd < 0)
      throw std::invalid_argument(what + " must be a number of US dollars, 0 or more");
   return usd;
}

double configured_max_cost_usd() {
   const char *text = std::getenv("PMAT_CLAUDE_MAX_COST_USD");
   if (text == nullptr || *text == '\0')
      return 0;
   char *end = nullptr;
   const double usd = std::strtod(text, &end);
   if (*end != '\0' || !std::isfinite(usd) || usd < 0)
      throw std::invalid_argument(
          "PMAT_CLAUDE_MAX_COST_USD must be a number of US dollars, 0 or more");
   return usd;
}

void check_claude_answered(const report::FileResult &result, const AnalyzeOptions &options) {
   if (!options.require_claude || result.fallback_reason.empty())
      return;
   throw ApiError(503, "claude_unavailable",
                  "Claude was required but native answered (fallback_reason " +
                      result.fallback_reason + ")");
}

std::string options_error(const AnalyzeOptions &options) {
   if (!(options.min_confidence >= 0.0 && options.min_confidence <= 1.0))
      return "min_confidence must be between 0 and 1";
   const std::string &severity = options.fail_on_claude;
   if (!severity.empty() && severity != "info" && severity != "warning" && severity != "error" &&
       severity != "critical")
      return "fail_on_claude must be info, warning, error or critical";
   return {};
}

report::ReportOptions report_options(const AnalyzeOptions &options) {
   report::ReportOptions out;
   out.profile = options.profile;
   out.min_confidence = options.min_confidence;
   out.fail_on_claude = options.fail_on_claude;
   return out;
}

unsigned http_status_for(pmat_status status) {
   // Transient states: the same request may succeed later, so they are 503 rather than 500.
   static constexpr std::pair<pmat_status, unsigned> k_map[] = {
       {PMAT_STATUS_INVALID_ARGUMENT, 400},  {PMAT_STATUS_TOO_LARGE, 413},
       {PMAT_STATUS_MESSAGE_TOO_LARGE, 413}, {PMAT_STATUS_UNSUPPORTED, 422},
       {PMAT_STATUS_NOT_INITIALIZED, 503},   {PMAT_STATUS_INITIALIZATION_TIMEOUT, 503},
       {PMAT_STATUS_WORKER_CRASHED, 503},    {PMAT_STATUS_POOL_EXHAUSTED, 503},
       {PMAT_STATUS_RATE_LIMITED, 503},      {PMAT_STATUS_QUOTA_EXCEEDED, 503}};
   for (const auto &[plugin_status, http] : k_map)
      if (plugin_status == status)
         return http;
   return 500;
}

report::FileResult analyze_buffer(const Session &session, const SourceBuffer &source,
                                  const AnalyzeOptions &options) {
   return analyze_buffer(session, source, options, plugin_options_json(options));
}

report::FileResult analyze_buffer(const Session &session, const SourceBuffer &source,
                                  const AnalyzeOptions &options,
                                  const std::string &plugin_options) {
   pmat_analyze_request request{};
   request.struct_size = sizeof request;
   request.path = source.path.empty() ? nullptr : source.path.c_str();
   request.language = source.language.empty() ? nullptr : source.language.c_str();
   request.content = reinterpret_cast<const std::uint8_t *>(source.content.data());
   request.content_size = source.content.size();
   request.options_json = plugin_options.c_str();
   ShimReply reply = session.analyze(request);
   if (!reply.ok())
      throw plugin_error(reply);
   std::string why;
   auto result = report::parse_file_result(std::move(reply.text), options.keep_result_json, why);
   if (!result)
      throw ApiError(500, "Internal", "the plugin answered something that is not a JSON object");
   return std::move(*result);
}

GatedResult analyze_with_gate(const Session &session, const AllowedRoots &roots,
                              std::size_t max_bytes, AnalyzeRequest request) {
   if (!request.has_content) {
      const auto file = roots.resolve(request.source.path);
      request.source.content = roots.read_file(file, max_bytes);
      request.has_content = true;
   }
   report::FileResult result = analyze_buffer(session, request.source, request.options);
   check_claude_answered(result, request.options);
   return with_gate(std::move(result), request);
}

} // namespace pmat::app
