// Runs a helper program (node --version, the sandbox launcher's dry run) as a child process and
// collects what it says, with a deadline so that a hung program cannot hang the doctor.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace pmat::doctor {

struct ProcessResult {
   bool started = false;   // false: could not be spawned; `error` says why
   bool timed_out = false; // killed at the deadline
   int exit_code = -1;     // when it exited
   int signal = 0;         // when a signal ended it
   std::string out;        // stdout
   std::string err;        // stderr
   std::string report;     // what it wrote to file descriptor 3 (with `capture_fd3`)
   std::string error;
};

// Runs `argv` (argv[0] is an absolute path; nothing is looked up in PATH) with stdin on
// /dev/null and the doctor's environment, and waits for it until `timeout`, then kills it.
// With `capture_fd3` the child also gets a pipe as file descriptor 3 (the launcher's
// --report-fd 3). Never throws for the child's failures; they are in the result.
ProcessResult run_process(const std::vector<std::string> &argv, std::chrono::milliseconds timeout,
                          bool capture_fd3 = false);

} // namespace pmat::doctor
