// pmat-sandbox-exec's command line (see build_command_line for the writer side).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pmat/sandbox/command_line.hpp>

namespace pmat::sandbox::launcher {

struct Options {
   SandboxConfig config;             // launcher field unused
   std::vector<std::string> payload; // PROGRAM ARGS...
   int report_fd = 2;
   // The launcher's own argv strings after argv[0] (set by main): sandbox-init blanks them so
   // /proc/1/cmdline shows nothing of the options inside the sandbox.
   char *arguments_begin = nullptr;
   char *arguments_end = nullptr;
};

struct ParseResult {
   std::optional<Options> options;
   std::string error; // set when options is empty
};

ParseResult parse_options(const std::vector<std::string> &args); // args without argv[0]

// Usage text for --help and errors.
const char *usage();

} // namespace pmat::sandbox::launcher
