// SPDX-License-Identifier: MIT
// Test helper: a /bin/sh command line run to completion, with its exit code and its output, for
// the suites that run the real pmat-host process (host-shim/app/cli/tests, plugin/tests).
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace pmat::test {

// What a finished command did.
struct Run {
   int exit_code = -1; // -1 when the command did not exit normally (a signal ended it)
   std::string out;    // its standard output, whole
   std::string err;    // its standard error, whole
};

// A file's whole text; empty when it cannot be read.
inline std::string slurp(const std::filesystem::path &path) {
   std::ifstream in(path);
   return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// `text` as one /bin/sh word, whatever it holds: single-quoted, each ' written as '\''.
inline std::string shell_quoted(const std::string &text) {
   std::string quoted = "'";
   for (const char c : text)
      quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
   return quoted + "'";
}

// Runs `command` (a /bin/sh line; a redirection of its stdin stays the caller's) with its stdout
// and stderr sent to ".stdout" and ".stderr" in `scratch`, an existing directory, and returns
// them. The two files are removed before returning. Blocks until the command ends.
inline Run run_shell(const std::string &command, const std::filesystem::path &scratch) {
   const std::filesystem::path out = scratch / ".stdout", err = scratch / ".stderr";
   const std::string line =
       command + " >" + shell_quoted(out.string()) + " 2>" + shell_quoted(err.string());
   const int status = std::system(line.c_str());
   Run run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
   std::filesystem::remove(out);
   std::filesystem::remove(err);
   return run;
}

} // namespace pmat::test
