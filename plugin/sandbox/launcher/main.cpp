// SPDX-License-Identifier: MIT
// pmat-sandbox-exec: runs a bridge worker inside every sandbox layer it can set up, reports
// them as one JSON line, and fails closed. See docs/security.md.
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

#include "layer_status.hpp"
#include "options.hpp"
#include "stages.hpp"

extern char **environ;

int main(int argc, char **argv) {
   using namespace pmat::sandbox;
   std::vector<std::string> args(argv + 1, argv + argc);
   if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::fputs(launcher::usage(), stdout);
      return 0;
   }
   launcher::ParseResult parsed = launcher::parse_options(args);
   if (!parsed.options) {
      std::fprintf(stderr, "pmat-sandbox-exec: %s\n%s", parsed.error.c_str(), launcher::usage());
      return k_exit_usage;
   }
   if (argc > 1) {
      parsed.options->arguments_begin = argv[1];
      parsed.options->arguments_end = argv[argc - 1] + std::strlen(argv[argc - 1]);
   }
   launcher::LayerStatus status(parsed.options->config, parsed.options->report_fd);
   launcher::launch(*parsed.options, status, environ);
}
