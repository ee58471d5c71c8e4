#include "analysis.hpp"

#include "api_error.hpp"

#include <report/report.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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
boost::json::object with_gate(boost::json::object result, const AnalyzeRequest &request) {
   const std::vector<report::FileOutcome> outcome{{request.source.path, result, {}}};
   result["gate"] = report::gate_json(report::evaluate_gate(outcome, request.options.profile));
   return result;
}

} // namespace

std::string plugin_options_json(const AnalyzeOptions &options) {
   return boost::json::serialize(
       boost::json::object{{"engine", options.engine}, {"profile", options.profile}});
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

AnalyzedBuffer analyze_buffer_keeping_text(const Session &session, const SourceBuffer &source,
                                           const AnalyzeOptions &options) {
   const std::string plugin_options = plugin_options_json(options);
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
   boost::json::error_code ec;
   boost::json::value value = boost::json::parse(reply.text, ec);
   if (ec || !value.is_object())
      throw ApiError(500, "Internal", "the plugin answered something that is not a JSON object");
   return {std::move(value.as_object()), std::move(reply.text)};
}

boost::json::object analyze_buffer(const Session &session, const SourceBuffer &source,
                                   const AnalyzeOptions &options) {
   return analyze_buffer_keeping_text(session, source, options).result;
}

boost::json::object analyze_with_gate(const Session &session, const AllowedRoots &roots,
                                      std::size_t max_bytes, AnalyzeRequest request) {
   if (!request.has_content) {
      const auto file = roots.resolve(request.source.path);
      request.source.content = roots.read_file(file, max_bytes);
      request.has_content = true;
   }
   return with_gate(analyze_buffer(session, request.source, request.options), request);
}

} // namespace pmat::app
