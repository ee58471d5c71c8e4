// SPDX-License-Identifier: MIT
// MCP over stdio: JSON-RPC 2.0 dispatch (initialize with protocol version negotiation, ping,
// tools/list, tools/call, cancellation), tool calls on a worker pool so that a long analysis
// never blocks ping or cancellation, and progress notifications for requests that ask for them.
#pragma once

#include "mcp_tools.hpp"
#include "stdio_lines.hpp"

#include <boost/asio/thread_pool.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace pmat::mcp {

class McpServer {
 public:
   McpServer(const ToolContext &tools, LineWriter &out, unsigned workers);
   ~McpServer();

   // Handles one received line (a message or a batch).
   void handle_line(const std::string &line);
   // Answers a line that was too long to read.
   void reject_oversized();
   // Waits for every tool call still running.
   void finish();

 private:
   std::optional<boost::json::value> handle_message(const boost::json::value &message,
                                                    bool allow_async);
   std::optional<boost::json::value> route(const boost::json::object &message, bool allow_async);
   boost::json::value handle_request(const boost::json::value &id, const std::string &method,
                                     const boost::json::object &params);
   void handle_notification(const std::string &method, const boost::json::object &params);
   boost::json::object initialize(const boost::json::object &params);
   boost::json::value call(const boost::json::value &id, const boost::json::object &params);
   void start_async(const boost::json::value &id, const boost::json::object &params);
   void send(const boost::json::value &message);

   const ToolContext &tools_;
   LineWriter &out_;
   std::string protocol_version_;
   std::mutex mutex_;
   std::map<std::string, std::shared_ptr<std::atomic<bool>>> cancel_flags_; // by serialised id
   boost::asio::thread_pool pool_; // last: joined before the rest is destroyed
};

} // namespace pmat::mcp
