// SPDX-License-Identifier: MIT
// The files a review of a change analyses, from git (`pmat-host analyze --diff BASE`) or from a
// unified diff a client sent (HTTP, MCP): each file with its changed lines, and the change's
// other files (deleted, binary, submodules, symbolic links) for the report.
#pragma once

#include "unified_diff.hpp"

#include <report/change_scope.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace pmat::app {

// One file to analyse.
struct ChangedFile {
   FileDiff diff;              // path(), changed lines, the name at the base, the diff's lines
   std::filesystem::path disk; // where its new text is (git), empty for a client's diff
};

struct ChangeSet {
   report::ChangeScope scope; // base, deleted, skipped, renamed
   std::vector<ChangedFile> files;
};

// A diff's files split by what a review does with them: deleted ones listed, binary files,
// submodules and symbolic links skipped with that reason, the others to analyse (renamed ones
// under their new name). `base` names what the diff is against.
ChangeSet change_set_of(std::vector<FileDiff> diff, std::string base);

// The change of the working tree (staged and unstaged; with `include_untracked`, untracked files
// not ignored as well) against the git revision `base`, in the repository around `directory`,
// restricted to the pathspecs `paths` (relative to `directory`; empty: everything). Paths in the
// result are relative to the repository's top, and `disk` is under it. Runs `git` (diff -M -U0,
// ls-files). Throws std::invalid_argument when `directory` is not in a git repository or `base`
// is not a commit there (a usage error), std::runtime_error when git cannot run or fails.
ChangeSet git_change_set(const std::string &base, const std::vector<std::string> &paths,
                         bool include_untracked, const std::filesystem::path &directory);

} // namespace pmat::app
