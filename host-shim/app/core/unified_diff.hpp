// SPDX-License-Identifier: MIT
// A unified diff (git's `git diff` output, or a plain `diff -u` / `diff -ruN` of two trees) read
// into one entry per file: what happened to it, its paths before and after, and which lines of
// its new text changed. The one parser behind `pmat-host analyze --diff` (over git's output), the
// HTTP API's and MCP's diff input (over a client's).
#pragma once

#include <report/change_scope.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::app {

// A diff that is not a unified diff: `line` is the 1-based line of the diff where reading
// stopped; what() says what was expected there.
struct DiffError : std::invalid_argument {
   DiffError(std::size_t line, const std::string &message);
   std::size_t line;
};

enum class FileChange { Added, Modified, Deleted, Renamed };

// One line of the new text as the diff shows it (added or context): its 1-based number and text
// (without the newline).
struct NewLine {
   std::int64_t number = 0;
   std::string text;
};

// One file of a diff.
struct FileDiff {
   FileChange change = FileChange::Modified;
   std::string old_path;   // empty for an added file
   std::string new_path;   // empty for a deleted file
   bool binary = false;    // "Binary files ... differ" or a GIT binary patch: no lines
   bool submodule = false; // mode 160000 (a gitlink): a commit id, not a file
   bool symlink = false;   // mode 120000: the text is a link target, not a source file
   // The lines of the new text that the diff adds or changes, merged and in order; a pure
   // deletion marks the line before it (the first line when it was at the top).
   std::vector<report::LineSpan> changed;
   std::vector<NewLine> new_lines; // every new-side line the hunks show, in order
   // For an added file: the whole text, rebuilt from the diff (the hunks hold all of it).
   std::string added_text;
   // The path the report uses: new_path, or old_path for a deleted file.
   [[nodiscard]] const std::string &path() const {
      return change == FileChange::Deleted ? old_path : new_path;
   }
};

// Reads `diff`. Paths lose git's a/ and b/ prefixes (a plain diff's first path component, as
// `patch -p1`), C-style quoted paths are unquoted, /dev/null marks an added or deleted side.
// Text before the first file header (a commit message, `From ...` lines) is ignored. Throws
// DiffError for a malformed hunk header, a hunk shorter than its header says, or a file header
// with no path. An empty diff reads as no files.
std::vector<FileDiff> parse_unified_diff(std::string_view diff);

// Empty when `content` has, at each line number the diff shows for the new side, the text the
// diff shows there; else a message naming the first line that differs (a client sent new
// contents that do not belong to its diff).
std::string check_new_content(const FileDiff &file, std::string_view content);

} // namespace pmat::app
