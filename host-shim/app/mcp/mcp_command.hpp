// SPDX-License-Identifier: MIT
// Entry point of `pmat-host mcp` (MCP on stdio). It parses its own options from the arguments
// after the command name and returns the process exit code (pmat's: 0 ok, 2 usage error,
// 4 configuration error).
#pragma once

#include <string>
#include <vector>

namespace pmat::mcp {

int run_mcp(const std::vector<std::string> &arguments);

} // namespace pmat::mcp
