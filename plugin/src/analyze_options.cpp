#include "analyze_options.hpp"

#include "c_boundary.hpp"

#include <boost/json/parse.hpp>

namespace pmat::plugin {
namespace {

const boost::json::string &string_option(const boost::json::object &options, const char *key) {
   const auto &value = options.at(key);
   if (!value.is_string())
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                        std::string("option \"") + key + "\" must be a string");
   return value.get_string();
}

Engine parse_engine(const boost::json::string &name) {
   if (name == "auto")
      return Engine::Auto;
   if (name == "native")
      return Engine::Native;
   if (name == "claude")
      return Engine::Claude;
   throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                     "option \"engine\" must be \"auto\", \"native\" or \"claude\"");
}

std::optional<std::uint32_t> parse_deadline(const boost::json::value &deadline) {
   if (!deadline.is_int64() || deadline.get_int64() <= 0 || deadline.get_int64() > 24 * 3600 * 1000)
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                        "option \"deadline_ms\" must be a positive number of milliseconds");
   return static_cast<std::uint32_t>(deadline.get_int64());
}

} // namespace

AnalyzeOptions parse_analyze_options(const char *json) {
   AnalyzeOptions options;
   if (!json)
      return options;
   boost::system::error_code ec;
   const auto parsed = boost::json::parse(json, ec);
   if (ec || !parsed.is_object())
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT, "options_json must be a JSON object");
   const auto &object = parsed.get_object();
   if (object.contains("engine"))
      options.engine = parse_engine(string_option(object, "engine"));
   if (object.contains("profile"))
      options.profile = std::string(string_option(object, "profile"));
   if (object.contains("caller_id"))
      options.caller_id = std::string(string_option(object, "caller_id"));
   if (const auto *deadline = object.if_contains("deadline_ms"))
      options.deadline_ms = parse_deadline(*deadline);
   return options;
}

} // namespace pmat::plugin
