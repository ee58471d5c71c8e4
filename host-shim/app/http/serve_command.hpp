// SPDX-License-Identifier: MIT
// Entry point of `pmat-host serve` (HTTP API + status page). It parses its own options from the
// arguments after the command name and returns the process exit code (pmat's: 0 ok, 1 failure,
// 2 usage error, 4 configuration error).
#pragma once

#include <string>
#include <vector>

namespace pmat::serve {

int run_serve(const std::vector<std::string> &arguments);

} // namespace pmat::serve
