#include "analyze_options.hpp"

#include "c_boundary.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

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

// A positive integer option no larger than `most`, named in the error.
std::uint32_t positive_option(const boost::json::object &options, const char *key,
                              std::int64_t most, const char *unit) {
   const auto &value = options.at(key);
   if (!value.is_int64() || value.get_int64() <= 0 || value.get_int64() > most)
      throw StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                        std::string("option \"") + key + "\" must be a positive number of " + unit +
                            " (at most " + std::to_string(most) + ")");
   return static_cast<std::uint32_t>(value.get_int64());
}

constexpr std::int64_t k_most_ms = 24 * 3600 * 1000;
constexpr std::int64_t k_most_tokens = 1'000'000;

// "deadline_ms" and its synonym "timeout_ms" (the fronts' name): the smaller wins.
std::optional<std::uint32_t> parse_deadline(const boost::json::object &options) {
   std::optional<std::uint32_t> deadline;
   for (const char *key : {"deadline_ms", "timeout_ms"})
      if (options.contains(key)) {
         const auto ms = positive_option(options, key, k_most_ms, "milliseconds");
         deadline = deadline ? std::min(*deadline, ms) : ms;
      }
   return deadline;
}

void parse_claude_options(const boost::json::object &object, AnalyzeOptions &options) {
   options.deadline_ms = parse_deadline(object);
   if (object.contains("model"))
      options.model = std::string(string_option(object, "model"));
   if (object.contains("max_output_tokens"))
      options.max_output_tokens =
          positive_option(object, "max_output_tokens", k_most_tokens, "tokens");
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
   parse_claude_options(object, options);
   return options;
}

} // namespace pmat::plugin
