// The MCP tools: their descriptions (tools/list) and their calls (tools/call). Analysis goes
// through the shim's C API like everything else; directory analysis reuses the CLI's source
// walker and report.
#pragma once

#include <core/allowed_roots.hpp>

#include <pmat/host_shim.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <atomic>
#include <functional>
#include <string>

namespace pmat::serve {

struct ToolContext {
   pmat_shim *shim;
   const AllowedRoots &roots;
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
                                        const std::string &engine, const std::string &profile,
                                        const ProgressFn &progress,
                                        const std::atomic<bool> &cancelled);

} // namespace pmat::serve
