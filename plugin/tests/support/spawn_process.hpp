// SPDX-License-Identifier: MIT
// Test helper shared by suites that start a helper process with pipes (the fake Anthropic API,
// headless Chromium): posix_spawn of a command line with the caller's file actions.
#pragma once

#include <spawn.h>
#include <sys/types.h>

#include <string>
#include <vector>

extern char **environ;

namespace pmat::test {

// Starts `args[0]` (a path) with `args` and this process's environment after `actions` (which
// stay the caller's to destroy). Returns the child's pid, or -1 when it cannot be started.
inline pid_t spawn_process(std::vector<std::string> args,
                           const posix_spawn_file_actions_t &actions) {
   std::vector<char *> argv;
   for (auto &a : args)
      argv.push_back(a.data());
   argv.push_back(nullptr);
   pid_t pid = -1;
   return ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0 ? pid : -1;
}

} // namespace pmat::test
