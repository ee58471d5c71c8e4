// SPDX-License-Identifier: MIT
// JSON-RPC 2.0 message helpers for the MCP server.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <stdexcept>
#include <string>

namespace pmat::mcp::rpc {

inline constexpr int k_parse_error = -32700;
inline constexpr int k_invalid_request = -32600;
inline constexpr int k_method_not_found = -32601;
inline constexpr int k_invalid_params = -32602;
inline constexpr int k_internal_error = -32603;

// A failure that becomes a JSON-RPC error response.
struct Error : std::runtime_error {
   Error(int error_code, const std::string &message)
       : std::runtime_error(message), code(error_code) {}
   int code;
};

inline boost::json::object result(const boost::json::value &id, boost::json::value value) {
   return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(value)}};
}

inline boost::json::object error(const boost::json::value &id, int code,
                                 const std::string &message) {
   return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

inline boost::json::object notification(const std::string &method, boost::json::object params) {
   return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

} // namespace pmat::mcp::rpc
