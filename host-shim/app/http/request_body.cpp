// SPDX-License-Identifier: MIT
#include "request_body.hpp"

#include <core/api_error.hpp>
#include <core/claude_fields.hpp>
#include <pmat/common/utf8.hpp>

#include <boost/json/parse.hpp>

#include <map>
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

void read_number(const boost::json::object &request, std::string_view key, double &out) {
   const auto *value = request.if_contains(key);
   if (!value || value->is_null())
      return;
   if (!value->is_number())
      throw ApiError(400, "invalid_field", "'" + std::string(key) + "' must be a number");
   out = value->to_number<double>();
}

app::AnalyzeOptions options_from_json(const boost::json::object &request) {
   app::AnalyzeOptions options;
   read_string(request, "engine", options.engine);
   read_string(request, "profile", options.profile);
   read_number(request, "min_confidence", options.min_confidence);
   read_string(request, "fail_on_claude", options.fail_on_claude);
   read_string(request, "instructions", options.instructions);
   app::read_claude_fields(request, options);
   const std::string error = app::options_error(options);
   if (!error.empty())
      throw ApiError(400, "invalid_field", error);
   return options;
}

std::map<std::string, std::string> files_from_json(const boost::json::object &request) {
   std::map<std::string, std::string> files;
   const auto *value = request.if_contains("files");
   if (!value || value->is_null())
      return files;
   if (!value->is_object())
      throw ApiError(400, "invalid_field", "'files' must be an object of path: text");
   for (const auto &[path, text] : value->get_object()) {
      if (!text.is_string())
         throw ApiError(400, "invalid_field",
                        "'files' must map each path to its text ('" + std::string(path) + "')");
      files[std::string(path)] = std::string(text.get_string());
   }
   return files;
}

} // namespace

boost::json::object parse_json_object(std::string_view body) {
   const std::size_t bad = pmat::common::first_invalid_utf8(body);
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
   out.options = options_from_json(request);
   if (!out.has_content && out.source.path.empty())
      throw ApiError(400, "missing_field", "give 'content' (with 'language' or 'path') or 'path'");
   return out;
}

bool is_diff_request(const boost::json::object &request) {
   return request.contains("diff");
}

app::DiffRequest diff_request_from_json(const boost::json::object &request) {
   app::DiffRequest out;
   if (!read_string(request, "diff", out.diff))
      throw ApiError(400, "missing_field", "'diff' must be a unified diff");
   read_string(request, "base", out.base);
   out.files = files_from_json(request);
   out.options = options_from_json(request);
   return out;
}

} // namespace pmat::serve
