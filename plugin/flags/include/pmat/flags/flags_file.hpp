// SPDX-License-Identifier: MIT
// Reading and safely editing the flags file, for the watcher and for the future
// `pmat-host flags show|set|kill|clear-rollback`. An edit is read-modify-write under an advisory
// lock (flags.json.lock, so two editors never lose each other's change), written to a temp file
// in the same directory, fsynced and renamed over the file: readers see the old or the new file,
// never half of one. A malformed file is never overwritten by an edit (the operator's text wins).
#pragma once

#include "config.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace pmat::flags {

struct FileResult {
   bool ok = false;
   std::string error;
};

// nullopt when the file does not exist (or cannot be read; `error` then says why).
std::optional<std::string> read_flags_text(const std::filesystem::path &path, std::string &error);

// Writes `text` to `path` through a temp file in the same directory, fsync and rename: readers see
// the old or the new content, never part of one. The directory must exist.
FileResult write_text_atomically(const std::filesystem::path &path, const std::string &text);

// Writes `config` (to_json) atomically, creating the directory if needed.
FileResult write_flags_file(const std::filesystem::path &path, const FlagsConfig &config);

// Applies `edit` to the file's current flags (defaults when it does not exist) and writes the
// result atomically. Fails, leaving the file untouched, when the current file is malformed.
FileResult update_flags_file(const std::filesystem::path &path,
                             const std::function<void(FlagsConfig &)> &edit);

} // namespace pmat::flags
