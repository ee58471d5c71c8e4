// SPDX-License-Identifier: MIT
#include "mcp_server.hpp"

#include "jsonrpc.hpp"

#include <pmat/common/utf8.hpp>

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>

namespace pmat::mcp {
namespace {

namespace json = boost::json;

// Newest first: the answer to a version we do not speak is the first entry.
constexpr const char *k_versions[] = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};

// A tool call the client cancelled: it must not be answered.
struct Cancelled {};

bool valid_id(const json::value &id) {
   return id.is_string() || id.is_int64() || id.is_uint64();
}

const json::object &params_of(const json::object &message) {
   static const json::object k_empty;
   const auto *params = message.if_contains("params");
   if (!params || params->is_null())
      return k_empty;
   if (!params->is_object())
      throw rpc::Error(rpc::k_invalid_params, "params must be an object");
   return params->get_object();
}

// `message` when it is a well-formed JSON-RPC 2.0 request or notification; -32600 otherwise.
const json::object &checked_message(const json::object *message) {
   if (!message)
      throw rpc::Error(rpc::k_invalid_request, "a JSON-RPC message must be an object");
   const auto *method = message->if_contains("method");
   const auto *version = message->if_contains("jsonrpc");
   const auto *id = message->if_contains("id");
   const bool ok = method && method->is_string() && version && *version == "2.0";
   if (!ok || (id && !valid_id(*id)))
      throw rpc::Error(rpc::k_invalid_request, "not a JSON-RPC 2.0 request");
   return *message;
}

// The progress token of a request that asked for progress, else null.
json::value progress_token(const json::object &params) {
   const auto *meta = params.if_contains("_meta");
   if (!meta || !meta->is_object())
      return nullptr;
   const auto *token = meta->get_object().if_contains("progressToken");
   return token && (token->is_string() || token->is_number()) ? *token : json::value(nullptr);
}

} // namespace

McpServer::McpServer(const ToolContext &tools, LineWriter &out, unsigned workers)
    : tools_(tools), out_(out), pool_(workers ? workers : 1) {}

McpServer::~McpServer() {
   finish();
}

void McpServer::send(const json::value &message) {
   out_.write(json::serialize(message));
}

void McpServer::reject_oversized() {
   send(rpc::error(nullptr, rpc::k_parse_error, "message too large"));
}

void McpServer::handle_line(const std::string &line) {
   if (line.find_first_not_of(" \t\r") == std::string::npos)
      return; // blank lines between messages are tolerated
   if (pmat::common::first_invalid_utf8(line) != std::string::npos)
      return send(rpc::error(nullptr, rpc::k_parse_error, "message is not valid UTF-8"));
   json::error_code ec;
   const json::value message = json::parse(line, ec);
   if (ec)
      return send(rpc::error(nullptr, rpc::k_parse_error, "parse error: " + ec.message()));
   if (!message.is_array()) {
      if (auto response = handle_message(message, true))
         send(*response);
      return;
   }
   // A batch (2025-03-26 and earlier) is answered as one array, its calls run in order.
   if (message.get_array().empty())
      return send(rpc::error(nullptr, rpc::k_invalid_request, "empty batch"));
   json::array responses;
   for (const auto &item : message.get_array())
      if (auto response = handle_message(item, false))
         responses.push_back(std::move(*response));
   if (!responses.empty())
      send(responses);
}

std::optional<json::value> McpServer::handle_message(const json::value &message, bool allow_async) {
   const json::object *object = message.if_object();
   const json::value *id = object ? object->if_contains("id") : nullptr;
   const json::value reply_id = id && valid_id(*id) ? *id : json::value(nullptr);
   try {
      return route(checked_message(object), allow_async);
   } catch (const rpc::Error &e) {
      return rpc::error(reply_id, e.code, e.what());
   } catch (const Cancelled &) {
      return std::nullopt;
   }
}

std::optional<json::value> McpServer::route(const json::object &message, bool allow_async) {
   const std::string name(message.at("method").get_string());
   const json::value *id = message.if_contains("id");
   if (!id) {
      handle_notification(name, params_of(message));
      return std::nullopt;
   }
   if (allow_async && name == "tools/call") {
      start_async(*id, params_of(message));
      return std::nullopt;
   }
   return handle_request(*id, name, params_of(message));
}

json::value McpServer::handle_request(const json::value &id, const std::string &method,
                                      const json::object &params) {
   if (method == "initialize")
      return rpc::result(id, initialize(params));
   if (method == "ping")
      return rpc::result(id, json::object{});
   if (method == "tools/list")
      return rpc::result(id, json::object{{"tools", tool_list(tools_.admin)}});
   if (method == "tools/call")
      return call(id, params);
   throw rpc::Error(rpc::k_method_not_found, "method '" + method + "' not found");
}

void McpServer::handle_notification(const std::string &method, const json::object &params) {
   if (method != "notifications/cancelled")
      return; // notifications/initialized and the rest need nothing from us
   const auto *request_id = params.if_contains("requestId");
   if (!request_id)
      return;
   std::lock_guard lock(mutex_);
   const auto found = cancel_flags_.find(json::serialize(*request_id));
   if (found != cancel_flags_.end())
      found->second->store(true);
}

json::object McpServer::initialize(const json::object &params) {
   const auto *requested = params.if_contains("protocolVersion");
   if (!requested || !requested->is_string())
      throw rpc::Error(rpc::k_invalid_params, "initialize needs a protocolVersion string");
   protocol_version_ = k_versions[0];
   for (const char *version : k_versions)
      if (requested->get_string() == version)
         protocol_version_ = version;
   return {{"protocolVersion", protocol_version_},
           {"capabilities", {{"tools", {{"listChanged", false}}}}},
           {"serverInfo",
            {{"name", "pmat-host"},
             {"title", "pmat code-quality analyzer"},
             {"version", PMAT_SERVE_VERSION}}},
           {"instructions",
            "Use analyze_code for a snippet and analyze_path for files under the server's "
            "allowed roots; results follow pmat's complexity report JSON."}};
}

json::value McpServer::call(const json::value &id, const json::object &params) {
   const auto *name = params.if_contains("name");
   if (!name || !name->is_string())
      throw rpc::Error(rpc::k_invalid_params, "tools/call needs a tool name");
   const auto *arguments = params.if_contains("arguments");
   if (arguments && !arguments->is_object() && !arguments->is_null())
      throw rpc::Error(rpc::k_invalid_params, "arguments must be an object");
   const json::object no_arguments;
   const json::object &args =
       arguments && arguments->is_object() ? arguments->get_object() : no_arguments;
   const json::value token = progress_token(params);
   std::shared_ptr<std::atomic<bool>> cancelled;
   {
      std::lock_guard lock(mutex_);
      auto &flag = cancel_flags_[json::serialize(id)];
      flag = flag ? flag : std::make_shared<std::atomic<bool>>(false);
      cancelled = flag;
   }
   const ProgressFn progress = [this, token](std::size_t done, std::size_t total) {
      if (token.is_null())
         return;
      send(rpc::notification("notifications/progress",
                             {{"progressToken", token},
                              {"progress", done},
                              {"total", total},
                              {"message", std::to_string(done) + " of " + std::to_string(total) +
                                              " files analysed"}}));
   };
   json::value result = rpc::result(
       id, call_tool(tools_, std::string(name->get_string()), args, progress, *cancelled));
   {
      std::lock_guard lock(mutex_);
      cancel_flags_.erase(json::serialize(id));
   }
   if (cancelled->load())
      throw Cancelled{};
   return result;
}

// Tool calls run on the pool; the cancellation flag exists from now on so that a
// notifications/cancelled arriving before the call starts is not lost.
void McpServer::start_async(const json::value &id, const json::object &params) {
   {
      std::lock_guard lock(mutex_);
      cancel_flags_.emplace(json::serialize(id), std::make_shared<std::atomic<bool>>(false));
   }
   boost::asio::post(pool_, [this, id, params] {
      try {
         send(call(id, params));
      } catch (const Cancelled &) {
         // the client gave up on this request: it gets no response (MCP cancellation)
      } catch (const rpc::Error &e) {
         send(rpc::error(id, e.code, e.what()));
      } catch (const std::exception &e) {
         send(rpc::error(id, rpc::k_internal_error, e.what()));
      }
   });
}

void McpServer::finish() {
   pool_.join();
}

} // namespace pmat::mcp
