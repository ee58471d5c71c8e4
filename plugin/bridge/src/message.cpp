// SPDX-License-Identifier: MIT
#include <pmat/bridge/message.hpp>

#include <pmat/plugin_api.h>

#include <array>

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>

namespace pmat::bridge {
namespace json = boost::json;

namespace {

Status malformed(std::string what) {
   return make_error(PMAT_STATUS_FRAMING_ERROR, "malformed response envelope: " + std::move(what));
}

std::int64_t int_field(const json::object &obj, std::string_view key, std::int64_t fallback) {
   const json::value *v = obj.if_contains(key);
   if (v == nullptr)
      return fallback;
   if (v->is_int64())
      return v->as_int64();
   if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
      return static_cast<std::int64_t>(v->as_uint64());
   return fallback;
}

std::string string_field(const json::object &obj, std::string_view key) {
   const json::value *v = obj.if_contains(key);
   if (v == nullptr || !v->is_string())
      return {};
   return std::string(v->as_string());
}

} // namespace

Status error_from_payload(const json::object &payload) {
   const std::int64_t code = int_field(payload, "code", -1);
   std::string message = string_field(payload, "message");
   if (!is_bridge_error_code(code))
      return make_error(PMAT_STATUS_FRAMING_ERROR,
                        "bridge sent unknown error code " + std::to_string(code) + ": " + message);
   const std::int64_t retry = int_field(payload, "retry_after_ms", -1);
   if (retry >= 0)
      message += " (retry after " + std::to_string(retry) + "ms)";
   const auto reason = failure_from_name(string_field(payload, "reason"));
   return make_error(static_cast<int>(code), std::move(message),
                     reason.value_or(failure_for_code(static_cast<int>(code))));
}

bool is_bridge_error_code(std::int64_t code) noexcept {
   static constexpr std::array<std::int64_t, 12> k_codes{
       PMAT_STATUS_PIPE_BROKEN,       PMAT_STATUS_FRAMING_ERROR,
       PMAT_STATUS_MESSAGE_TOO_LARGE, PMAT_STATUS_INITIALIZATION_TIMEOUT,
       PMAT_STATUS_WORKER_CRASHED,    PMAT_STATUS_POOL_EXHAUSTED,
       PMAT_STATUS_RATE_LIMITED,      PMAT_STATUS_QUOTA_EXCEEDED,
       PMAT_STATUS_INVALID_API_KEY,   PMAT_STATUS_COMPLEXITY_EXCEEDED,
       PMAT_STATUS_SATD_DETECTED,     PMAT_STATUS_QUALITY_GATE_FAILED};
   for (std::int64_t known : k_codes)
      if (known == code)
         return true;
   return false;
}

Result<json::object> parse_message(std::string_view payload) {
   json::parse_options options;
   options.max_depth = 64; // analysis answers nest deeper than Boost's default of 32
   boost::system::error_code ec;
   json::value value = json::parse(payload, ec, json::storage_ptr(), options);
   if (ec)
      return make_error(PMAT_STATUS_FRAMING_ERROR,
                        "frame payload is not valid JSON: " + ec.message());
   if (!value.is_object())
      return make_error(PMAT_STATUS_FRAMING_ERROR, "frame payload is not a JSON object");
   return std::move(value.as_object());
}

std::string serialize_request(std::uint64_t id, std::string_view method, const json::object &params,
                              std::optional<std::uint64_t> deadline_ms) {
   json::object request;
   request["id"] = id;
   request["method"] = method;
   request["params"] = params;
   if (deadline_ms)
      request["deadline_ms"] = *deadline_ms;
   return json::serialize(request);
}

std::optional<std::uint64_t> message_id(const json::object &message) {
   const json::value *id = message.if_contains("id");
   if (id == nullptr)
      return std::nullopt;
   if (id->is_uint64())
      return id->as_uint64();
   if (id->is_int64() && id->as_int64() >= 0)
      return static_cast<std::uint64_t>(id->as_int64());
   return std::nullopt;
}

Result<json::value> interpret_response(const json::object &message) {
   const std::string status = string_field(message, "status");
   const json::value *payload = message.if_contains("payload");
   if (status == "success")
      return payload != nullptr ? *payload : json::value();
   if (payload == nullptr || !payload->is_object())
      return malformed("status \"" + status + "\" without an object payload");
   const json::object &body = payload->as_object();
   if (status == "error")
      return error_from_payload(body);
   if (status == "timeout")
      return make_error(PMAT_STATUS_INITIALIZATION_TIMEOUT,
                        "Operation timed out after " +
                            std::to_string(int_field(body, "elapsed_ms", 0)) + "ms",
                        Failure::deadline);
   if (status == "circuit_open")
      return make_error(PMAT_STATUS_POOL_EXHAUSTED,
                        "Circuit open, retry after " +
                            std::to_string(int_field(body, "retry_after_ms", 0)) + "ms",
                        Failure::breaker_open);
   return malformed("unknown status \"" + status + "\"");
}

} // namespace pmat::bridge
