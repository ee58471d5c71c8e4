// SPDX-License-Identifier: MIT
// Messages carried in frames (docs/bridge-protocol.md, "Messages"): request building, payload
// validation, and turning a response envelope into a value or a Status.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <pmat/bridge/status.hpp>

namespace pmat::bridge {

constexpr int k_protocol_version = 1;

// A frame payload must be one UTF-8 JSON object; anything else is FramingError (1002).
Result<boost::json::object> parse_message(std::string_view payload);

// {"id":..,"method":..,"params":..[,"deadline_ms":..]}
std::string serialize_request(std::uint64_t id, std::string_view method,
                              const boost::json::object &params,
                              std::optional<std::uint64_t> deadline_ms);

// The message's "id" if it has an unsigned integer one (responses); nullopt for notifications.
std::optional<std::uint64_t> message_id(const boost::json::object &message);

// Maps a response envelope to its success payload or an error:
//   success      -> payload
//   error        -> payload.code (an unknown code becomes FramingError, upstream's rule)
//   timeout      -> InitializationTimeout 2001 with the elapsed time
//   circuit_open -> PoolExhausted 2003
// A malformed envelope is FramingError.
Result<boost::json::value> interpret_response(const boost::json::object &message);

// An error payload {"code", "message"[, "reason"][, "retry_after_ms"]} as a Status: the code
// must be one of upstream's (else FramingError); "reason", a failure name (failure.hpp), names
// the failure exactly, else the code's default does; a retry hint is appended to the message.
Status error_from_payload(const boost::json::object &payload);

// True for the status codes upstream's ErrorCode defines (1001..4003).
bool is_bridge_error_code(std::int64_t code) noexcept;

} // namespace pmat::bridge
