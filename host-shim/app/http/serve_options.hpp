// SPDX-License-Identifier: MIT
// Command-line options of `pmat-host serve`.
#pragma once

#include "admission.hpp"
#include "http_server.hpp"

#include <string>
#include <vector>

namespace pmat::serve {

struct ServeArgs {
   ServerOptions server;
   std::string plugin_dir;
   std::vector<std::string> allow_roots;
   std::string token_file;             // empty = $XDG_CONFIG_HOME/pmat/admin-token
   Admission::Limits admission;        // --max-concurrency, --max-queue, --queue-timeout-ms
   unsigned console_sample_ms = 10000; // the console's charts: one reading per interval

   bool allow_remote = false;
   bool help = false;
};

// Throws boost::program_options::error or std::invalid_argument on bad usage.
ServeArgs parse_serve_args(const std::vector<std::string> &arguments);

extern const char *const k_serve_usage;

} // namespace pmat::serve
