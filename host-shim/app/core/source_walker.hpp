// SPDX-License-Identifier: MIT
// Turns the paths given to `pmat-host analyze` into the list of files to analyse: files as
// given, directories walked recursively in name order, honouring .gitignore files and skipping
// .git, keeping only source files of the supported languages.
#pragma once

#include <report/change_scope.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pmat::app {

struct SourceFile {
   std::string path;    // as found on disk: what the analysis opens (a string: a walk makes one per
                        // file, and an fs::path would split each into components it never reads)
   std::string display; // path as shown in reports (relative to the input when walked)
   // In a review of a change: the file's changed lines (sent to the plugin with the request).
   std::optional<std::vector<report::LineSpan>> changed = std::nullopt;
};

struct WalkResult {
   std::vector<SourceFile> files;
   std::vector<std::string> errors; // inputs that do not exist or cannot be read
};

// True for extensions of C, C++, Rust, Python, JavaScript, TypeScript, Go and Java.
bool is_source_file_name(const std::filesystem::path &path);

// True for an extension-less executable script whose shebang names python or node.
bool is_script_with_known_shebang(const std::filesystem::path &path);

// True for the extensions Claude reviews although the native analyzer does not parse them
// (Ruby, PHP, Kotlin, C#, Swift, shell, SQL: rb php kt kts cs swift sh bash sql; the plugin's
// default claude.extra_languages).
bool is_claude_only_file_name(const std::filesystem::path &path);

// Called with each file the walk keeps, as soon as it is listed.
using FoundFn = std::function<void(SourceFile file)>;

// Walks `inputs` in order, handing each kept file to `found` (on the calling thread) before the
// walk goes on, and returns the inputs that do not exist or cannot be read, in the order met.
// With `claude_languages`, files of is_claude_only_file_name are kept too (an engine-claude
// run). Throws what `found` throws, and std::filesystem::filesystem_error when a directory
// cannot be read further midway (the walk stops there).
std::vector<std::string> walk_sources(const std::vector<std::string> &inputs, bool claude_languages,
                                      const FoundFn &found);

// walk_sources, with the files collected in a list.
WalkResult collect_sources(const std::vector<std::string> &inputs, bool claude_languages = false);

} // namespace pmat::app
