// SPDX-License-Identifier: MIT
// Runs a helper program (git) to completion and hands back what it wrote.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pmat::app {

struct ProcessOutput {
   int exit_code = -1;
   std::string out; // everything it wrote to stdout
   std::string err; // everything it wrote to stderr
};

// Runs `program` (found on PATH) with `args` in `directory`, stdin closed, and waits for it; both
// outputs are read as they come, so neither can fill up and stall it. Throws std::runtime_error
// when the program is not on PATH or cannot be started. Thread-safe.
ProcessOutput run_process(const std::string &program, const std::vector<std::string> &args,
                          const std::filesystem::path &directory);

} // namespace pmat::app
