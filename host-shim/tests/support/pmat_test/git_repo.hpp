// SPDX-License-Identifier: MIT
// Test helper: git in a directory a test owns, and a real git repository in a fresh temporary
// directory, for the suites that review changes (host-shim/app/core/tests,
// host-shim/app/cli/tests, plugin/tests).
#pragma once

#include "shell_run.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace pmat::test {

// Runs `git ARGS...` in `dir` with a fixed identity and neither the user's nor the system's
// configuration (HOME is `dir`); returns git's exit code (-1 when it could not be run or did not
// exit normally). Its stdout is discarded; its stderr goes to `*err` when given.
inline int git_status_in(const std::filesystem::path &dir, const std::vector<std::string> &args,
                         std::string *err = nullptr) {
   std::string command = "cd " + shell_quoted(dir.string()) +
                         " && GIT_CONFIG_NOSYSTEM=1 HOME=" + shell_quoted(dir.string()) +
                         " git -c user.email=t@example.com -c user.name=T";
   for (const auto &arg : args)
      command += " " + shell_quoted(arg);
   FILE *pipe = ::popen((command + " 2>&1 >/dev/null").c_str(), "r");
   if (!pipe)
      return -1;
   char buffer[4096];
   for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      if (err)
         err->append(buffer, n);
   const int status = ::pclose(pipe);
   return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// git_status_in, and a failure is a std::runtime_error naming the command and git's stderr.
inline void git_in(const std::filesystem::path &dir, const std::vector<std::string> &args) {
   std::string err;
   if (git_status_in(dir, args, &err) == 0)
      return;
   std::string command = "git";
   for (const auto &arg : args)
      command += " " + arg;
   throw std::runtime_error(command + " failed in " + dir.string() + ": " + err);
}

// A git repository (`git init -b main`) in `root()`, a fresh temporary directory that the
// destructor removes with everything in it. Not copyable.
class GitRepo {
 public:
   explicit GitRepo(const std::string &name = "pmat-git-test") {
      std::string pattern = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
      if (!::mkdtemp(pattern.data()))
         throw std::runtime_error("mkdtemp failed for " + pattern);
      root_ = pattern;
      git({"init", "-q", "-b", "main"});
   }
   ~GitRepo() { std::filesystem::remove_all(root_); }
   GitRepo(const GitRepo &) = delete;
   GitRepo &operator=(const GitRepo &) = delete;

   const std::filesystem::path &root() const { return root_; }

   // Writes `text` (bytes as given) to `path` under the work tree, creating its directories.
   void write(const std::string &path, const std::string &text) const {
      std::filesystem::create_directories((root_ / path).parent_path());
      std::ofstream(root_ / path, std::ios::binary) << text;
   }
   // git_in the work tree: throws when git fails.
   void git(const std::vector<std::string> &args) const { git_in(root_, args); }
   // Stages everything and commits it.
   void commit_all(const std::string &message) const {
      git({"add", "-A"});
      git({"commit", "-q", "-m", message});
   }

 private:
   std::filesystem::path root_;
};

} // namespace pmat::test
