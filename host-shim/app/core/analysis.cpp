#include "analysis.hpp"

#include "shim_client.hpp"

#include "api_error.hpp"
#include "utf8.hpp"

#include <report/report.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <utility>

namespace pmat::serve {
namespace {

// Optional string field: absent leaves `out` alone; present but not a string is a 400.
bool read_string(const boost::json::object &request, std::string_view key, std::string &out) {
   const auto *value = request.if_contains(key);
   if (!value || value->is_null())
      return false;
   if (!value->is_string())
      throw ApiError(400, "invalid_field", "'" + std::string(key) + "' must be a string");
   out = std::string(value->get_string());
   return true;
}

ApiError plugin_error(pmat_status status) {
   const char *name = pmat_status_name(status);
   std::string message = pmat_shim_last_error();
   if (message.empty())
      message = "the analyzer failed";
   return ApiError(http_status_for(status), name ? name : "Error", message);
}

boost::json::object with_gate(boost::json::object result, const AnalyzeInput &input) {
   std::vector<report::FileOutcome> outcome(1);
   outcome[0].path = input.path;
   outcome[0].result = result;
   const report::Rendered rendered = report::render(outcome, report::Format::Json, input.profile);
   boost::json::error_code ec;
   const boost::json::value report = boost::json::parse(rendered.output, ec);
   if (!ec && report.is_object())
      if (const auto *gate = report.as_object().if_contains("gate"))
         result["gate"] = *gate;
   return result;
}

} // namespace

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

boost::json::object parse_json_object(std::string_view body) {
   const std::size_t bad = find_invalid_utf8(body);
   if (bad != std::string_view::npos)
      throw ApiError(400, "invalid_utf8",
                     "the body is not valid UTF-8 (first bad byte at offset " +
                         std::to_string(bad) + ")");
   boost::json::error_code ec;
   boost::json::value value = boost::json::parse(body, ec);
   if (ec)
      throw ApiError(400, "invalid_json", "the body is not valid JSON: " + ec.message());
   if (!value.is_object())
      throw ApiError(400, "invalid_json", "the body must be a JSON object");
   return std::move(value.as_object());
}

AnalyzeInput analyze_input_from_json(const boost::json::object &request) {
   AnalyzeInput input;
   input.has_content = read_string(request, "content", input.content);
   read_string(request, "language", input.language);
   read_string(request, "path", input.path);
   read_string(request, "engine", input.engine);
   read_string(request, "profile", input.profile);
   if (!input.has_content && input.path.empty())
      throw ApiError(400, "missing_field", "give 'content' (with 'language' or 'path') or 'path'");
   return input;
}

boost::json::object analyze_content(pmat_shim *shim, const AnalyzeInput &input) {
   const std::string options = boost::json::serialize(
       boost::json::object{{"engine", input.engine}, {"profile", input.profile}});
   pmat_analyze_request request{};
   request.struct_size = sizeof request;
   request.path = input.path.empty() ? nullptr : input.path.c_str();
   request.language = input.language.empty() ? nullptr : input.language.c_str();
   request.content = reinterpret_cast<const std::uint8_t *>(input.content.data());
   request.content_size = input.content.size();
   request.options_json = options.c_str();
   char *json = nullptr;
   std::size_t size = 0;
   const pmat_status status = pmat_shim_analyze(shim, &request, &json, &size);
   const std::string text = take_shim_buffer(json, size);
   if (status != PMAT_STATUS_OK)
      throw plugin_error(status);
   boost::json::error_code ec;
   boost::json::value value = boost::json::parse(text, ec);
   if (ec || !value.is_object())
      throw ApiError(500, "Internal", "the plugin answered something that is not a JSON object");
   return std::move(value.as_object());
}

boost::json::object analyze(pmat_shim *shim, const AllowedRoots &roots, std::size_t max_bytes,
                            AnalyzeInput input) {
   if (!input.has_content) {
      const auto file = roots.resolve(input.path);
      input.content = roots.read_file(file, max_bytes);
      input.has_content = true;
   }
   return with_gate(analyze_content(shim, input), input);
}

} // namespace pmat::serve
