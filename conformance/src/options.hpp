// SPDX-License-Identifier: MIT
// Command-line options of pmat-plugin-conformance, shared by the parent run and each child test.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pmat::conformance {

constexpr int k_default_level = 3;
constexpr int k_max_level = 5;
constexpr std::uint64_t k_default_seed = 1;
constexpr double k_default_timeout_seconds = 30.0;

struct Options {
   std::string plugin;
   std::string json_path;
   std::string junit_path;
   std::string filter;
   std::uint64_t seed = k_default_seed;
   int level = k_default_level;
   double timeout_seconds = k_default_timeout_seconds;
   std::vector<std::pair<std::string, std::string>> config; // answered by the suite's config_get
   std::vector<std::string> allow_libraries; // extra regexes for the dependency tests
   bool list = false;
   bool verbose = false;
   // Hidden: set only on the command line of a child process that runs one test.
   std::string run_one;
   int result_fd = -1;
};

// Parses argv. Returns nullopt when the program should exit with `exit_code` (help, bad usage).
std::optional<Options> parse_options(int argc, char **argv, std::ostream &out, int &exit_code);

// The argument vector for a child that runs `test_id` and writes its result to `result_fd`.
std::vector<std::string> child_arguments(const Options &options, const std::string &test_id,
                                         int result_fd);

} // namespace pmat::conformance
