#include "request_body.hpp"

#include <core/api_error.hpp>
#include <core/claude_fields.hpp>
#include <core/utf8.hpp>

#include <boost/json/parse.hpp>

#include <string>

namespace pmat::serve {
namespace {

using app::ApiError;

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

} // namespace

boost::json::object parse_json_object(std::string_view body) {
   const std::size_t bad = app::find_invalid_utf8(body);
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

app::AnalyzeRequest analyze_request_from_json(const boost::json::object &request) {
   app::AnalyzeRequest out;
   out.has_content = read_string(request, "content", out.source.content);
   read_string(request, "language", out.source.language);
   read_string(request, "path", out.source.path);
   read_string(request, "engine", out.options.engine);
   read_string(request, "profile", out.options.profile);
   app::read_claude_fields(request, out.options);
   if (!out.has_content && out.source.path.empty())
      throw ApiError(400, "missing_field", "give 'content' (with 'language' or 'path') or 'path'");
   return out;
}

} // namespace pmat::serve
