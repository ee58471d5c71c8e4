// SPDX-License-Identifier: MIT
#include "claude_fields.hpp"

#include "api_error.hpp"

#include <limits>
#include <stdexcept>
#include <string>

namespace pmat::app {
namespace {

const boost::json::value *field(const boost::json::object &request, std::string_view key) {
   const auto *value = request.if_contains(key);
   return value == nullptr || value->is_null() ? nullptr : value;
}

ApiError invalid(std::string_view key, const std::string &what) {
   return ApiError(400, "invalid_field", "'" + std::string(key) + "' must be " + what);
}

double number_field(const boost::json::value &value, std::string_view key) {
   if (!value.is_number())
      throw invalid(key, "a number");
   return value.to_number<double>();
}

unsigned count_field(const boost::json::value &value, std::string_view key) {
   const double number = number_field(value, key);
   if (number < 1 || number > std::numeric_limits<int>::max() ||
       number != static_cast<double>(static_cast<long long>(number)))
      throw invalid(key, "a whole number above 0");
   return static_cast<unsigned>(number);
}

// Runs `check` and turns its std::invalid_argument (whose message names the field) into a 400.
template <typename Check> auto checked(Check &&check) {
   try {
      return check();
   } catch (const std::invalid_argument &e) {
      throw ApiError(400, "invalid_field", e.what());
   }
}

} // namespace

void read_claude_fields(const boost::json::object &request, AnalyzeOptions &options) {
   if (const auto *model = field(request, "model")) {
      if (!model->is_string())
         throw invalid("model", "a string");
      options.model = std::string(model->get_string());
   }
   if (const auto *timeout = field(request, "claude_timeout"))
      options.timeout_ms = checked([&] {
         return timeout_ms_from_seconds(number_field(*timeout, "claude_timeout"),
                                        "'claude_timeout'");
      });
   if (const auto *tokens = field(request, "max_output_tokens"))
      options.max_output_tokens = count_field(*tokens, "max_output_tokens");
   if (const auto *cost = field(request, "max_cost_usd"))
      options.max_cost_usd = checked(
          [&] { return checked_cost_cap(number_field(*cost, "max_cost_usd"), "'max_cost_usd'"); });
   if (const auto *required = field(request, "require_claude")) {
      if (!required->is_bool())
         throw invalid("require_claude", "true or false");
      options.require_claude = required->get_bool();
   }
}

} // namespace pmat::app
