// SPDX-License-Identifier: MIT
// .gitignore rules, as git applies them to a directory walk: patterns per directory, later and
// deeper rules win, "!" re-includes, a trailing "/" matches directories only, a pattern with a
// slash is anchored to its .gitignore's directory, "**" spans directories.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pmat::app {

struct IgnoreRule {
   std::string base;    // directory of the .gitignore, relative to the walk root ("" = root)
   std::string pattern; // without "!", leading "/" and trailing "/"
   bool negated = false;
   bool directory_only = false;
   bool anchored = false; // matched against the path below `base`, not just the file name
};

// Parses one .gitignore's text; `base` is its directory relative to the walk root.
std::vector<IgnoreRule> parse_gitignore(std::string_view text, const std::string &base);

// Glob match with git's wildmatch rules for *, ?, [...] and "**" (with `/` as separator).
bool glob_match(std::string_view pattern, std::string_view text);

// True when `relative_path` (from the walk root, '/'-separated) is ignored by `rules`, which are
// in the order git reads them (parents first).
bool is_ignored(const std::vector<IgnoreRule> &rules, std::string_view relative_path,
                bool is_directory);

} // namespace pmat::app
