// The MCP tools: their descriptions (tools/list) and their calls (tools/call). Analysis goes
// through the app's core (session, analyze_with_gate, analyze_files) like the CLI's and the HTTP
// API's; directory reports come from the report library.
#pragma once

#include <core/allowed_roots.hpp>
#include <core/analysis.hpp>
#include <core/session.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <functional>
#include <string>

namespace pmat::mcp {

// What the tools work with. Every member is borrowed from mcp_command.cpp's serve_stdio and
// outlives the McpServer; tools run on the server's worker threads at the same time, which the
// Session and AllowedRoots allow (both are used only through const members).
struct ToolContext {
   const app::Session &session;
   const app::AllowedRoots &roots;
   std::size_t max_file_bytes;
   bool admin; // reload_plugin and future admin tools are listed and callable
};

// Reports `done` of `total` work items; called with increasing `done`.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

boost::json::array tool_list(bool admin);

// Runs one tool and returns the MCP CallToolResult. Unknown tools and invalid arguments throw
// rpc::Error(-32602); failures of the analysis itself are results with isError set.
boost::json::object call_tool(const ToolContext &context, const std::string &name,
                              const boost::json::object &arguments, const ProgressFn &progress,
                              const std::atomic<bool> &cancelled);

// analyze_path's work: the report JSON for a file or directory under the roots.
boost::json::object analyze_path_report(const ToolContext &context, const std::string &path,
                                        const app::AnalyzeOptions &options,
                                        const ProgressFn &progress,
                                        const std::atomic<bool> &cancelled);

} // namespace pmat::mcp
