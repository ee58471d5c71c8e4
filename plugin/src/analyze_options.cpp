// SPDX-License-Identifier: MIT
#include "analyze_options.hpp"

#include "c_boundary.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <mutex>
#include <string_view>

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

// "changed_lines": [[first, last], ...] with 1 <= first <= last.
std::vector<std::pair<std::int64_t, std::int64_t>>
parse_changed_lines(const boost::json::value &value) {
   const auto fail = [] {
      return StatusError(PMAT_STATUS_INVALID_ARGUMENT,
                         "option \"changed_lines\" must be [[first, last], ...] of 1-based lines");
   };
   if (!value.is_array())
      throw fail();
   std::vector<std::pair<std::int64_t, std::int64_t>> spans;
   for (const auto &span : value.get_array()) {
      const auto *pair = span.if_array();
      if (!pair || pair->size() != 2 || !(*pair)[0].is_int64() || !(*pair)[1].is_int64())
         throw fail();
      const std::int64_t first = (*pair)[0].get_int64(), last = (*pair)[1].get_int64();
      if (first < 1 || last < first)
         throw fail();
      spans.emplace_back(first, last);
   }
   return spans;
}

void parse_review_options(const boost::json::object &object, AnalyzeOptions &options) {
   if (object.contains("changed_lines"))
      options.changed_lines = parse_changed_lines(object.at("changed_lines"));
   if (object.contains("instructions"))
      options.instructions = std::string(string_option(object, "instructions"));
}

void parse_claude_options(const boost::json::object &object, AnalyzeOptions &options) {
   parse_review_options(object, options);
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

std::shared_ptr<const AnalyzeOptions> shared_analyze_options(const char *json) {
   // A static under a mutex, not a thread_local (a thread_local with a destructor keeps the
   // plugin mapped after dlclose: see caller_id.cpp).
   static std::mutex mutex;
   static std::string last_text;
   static std::shared_ptr<const AnalyzeOptions> last;
   const std::string_view text = json ? std::string_view(json) : std::string_view();
   {
      std::lock_guard lock(mutex);
      if (last && json && text == last_text)
         return last;
   }
   auto parsed = std::make_shared<const AnalyzeOptions>(parse_analyze_options(json));
   if (json) {
      std::lock_guard lock(mutex);
      last_text.assign(text);
      last = parsed;
   }
   return parsed;
}

} // namespace pmat::plugin
