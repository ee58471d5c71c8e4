// SPDX-License-Identifier: MIT
#include "change_set.hpp"

#include "child_process.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace pmat::app {
namespace {

namespace fs = std::filesystem;

// Why a review does not analyse a file of the diff, or nullptr when it does.
const char *skip_reason(const FileDiff &file) {
   if (file.submodule)
      return "submodule";
   if (file.binary)
      return "binary file";
   if (file.symlink)
      return "symbolic link";
   return nullptr;
}

std::string first_line(const std::string &text) {
   return text.substr(0, text.find('\n'));
}

ProcessOutput git(const std::vector<std::string> &args, const fs::path &directory) {
   return run_process("git", args, directory);
}

// The output of a git command that must succeed.
std::string git_output(const std::vector<std::string> &args, const fs::path &directory) {
   ProcessOutput output = git(args, directory);
   if (output.exit_code != 0)
      throw std::runtime_error("git " + args.front() + " failed: " + first_line(output.err));
   return std::move(output.out);
}

fs::path repository_top(const fs::path &directory) {
   const ProcessOutput top = git({"rev-parse", "--show-toplevel"}, directory);
   if (top.exit_code != 0)
      throw std::invalid_argument("--diff needs a git repository: " + first_line(top.err));
   return first_line(top.out);
}

// The commit `base` names (its full id), or a usage error.
std::string commit_of(const std::string &base, const fs::path &directory) {
   const ProcessOutput commit =
       git({"rev-parse", "--verify", "--quiet", "--end-of-options", base + "^{commit}"}, directory);
   if (commit.exit_code != 0 || base.empty())
      throw std::invalid_argument("--diff: '" + base + "' is not a commit in this repository");
   return first_line(commit.out);
}

std::vector<std::string> with_pathspecs(std::vector<std::string> args,
                                        const std::vector<std::string> &paths) {
   args.push_back("--");
   args.insert(args.end(), paths.begin(), paths.end());
   return args;
}

std::string tracked_diff(const std::string &commit, const std::vector<std::string> &paths,
                         const fs::path &directory) {
   return git_output(
       with_pathspecs({"-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff",
                       "--no-textconv", "--no-relative", "--submodule=short", "-M", "-U0",
                       "--src-prefix=a/", "--dst-prefix=b/", commit},
                      paths),
       directory);
}

std::int64_t line_count(const fs::path &file) {
   std::ifstream in(file, std::ios::binary);
   const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
   std::int64_t lines = 0;
   for (const char c : text)
      lines += c == '\n' ? 1 : 0;
   return lines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

// Untracked files as added ones: every line changed. A nested repository ("dir/") is skipped.
void add_untracked(ChangeSet &change, const std::vector<std::string> &paths, const fs::path &top,
                   const fs::path &directory) {
   const std::string listing = git_output(
       with_pathspecs({"ls-files", "--others", "--exclude-standard", "--full-name", "-z"}, paths),
       directory);
   for (std::size_t start = 0; start < listing.size();) {
      const std::size_t end = listing.find('\0', start);
      const std::string path = listing.substr(start, end - start);
      start = end == std::string::npos ? listing.size() : end + 1;
      if (path.ends_with('/')) {
         change.scope.skipped.push_back({path, "nested repository"});
         continue;
      }
      ChangedFile file;
      file.diff.change = FileChange::Added;
      file.diff.new_path = path;
      file.disk = top / path;
      const std::int64_t lines = line_count(file.disk);
      if (lines > 0)
         file.diff.changed.push_back({1, lines});
      change.files.push_back(std::move(file));
   }
}

} // namespace

ChangeSet change_set_of(std::vector<FileDiff> diff, std::string base) {
   ChangeSet change;
   change.scope.base = std::move(base);
   for (auto &file : diff) {
      if (file.change == FileChange::Deleted) {
         change.scope.deleted.push_back(file.old_path);
      } else if (const char *reason = skip_reason(file)) {
         change.scope.skipped.push_back({file.path(), reason});
      } else {
         if (file.change == FileChange::Renamed)
            change.scope.renamed.push_back({file.old_path, file.new_path});
         change.files.push_back({std::move(file), {}});
      }
   }
   return change;
}

ChangeSet git_change_set(const std::string &base, const std::vector<std::string> &paths,
                         bool include_untracked, const fs::path &directory) {
   const fs::path top = repository_top(directory);
   const std::string commit = commit_of(base, directory);
   ChangeSet change =
       change_set_of(parse_unified_diff(tracked_diff(commit, paths, directory)), base);
   for (auto &file : change.files)
      file.disk = top / file.diff.path();
   if (include_untracked)
      add_untracked(change, paths, top, directory);
   return change;
}

} // namespace pmat::app
