// SPDX-License-Identifier: MIT
// Staged copies of plugin files: every generation is loaded from its own private copy, so that
// dlopen never sees a path or inode that another generation still has mapped, and an installer
// overwriting the original file can never change code that is running.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pmat::shim {

struct StagedFile {
   std::filesystem::path path; // the private copy; the caller unlinks it when unloading
   std::string sha256;         // lower-case hex of exactly the bytes that were copied
};

// $XDG_RUNTIME_DIR/pmat-stage if set, else /tmp/pmat-stage-<uid>.
std::filesystem::path default_staging_dir();

// Creates `dir` with mode 0700 if needed and checks that it is a real directory owned by us and
// not writable by others (in a shared world-writable directory another user could swap the copy).
// Throws std::runtime_error with the reason.
void prepare_staging_dir(const std::filesystem::path &dir);

// Reads `source` once, hashes those bytes and writes them to
// `<dir>/<stem>-<sha256 prefix>-<pid>-<sequence>.so` (mode 0500, O_EXCL). Throws
// std::runtime_error when the source cannot be read or the copy cannot be written.
StagedFile stage_copy(const std::filesystem::path &source, const std::filesystem::path &dir);

// The whole file in one read; throws std::runtime_error when it cannot be read.
std::vector<char> read_whole_file(const std::filesystem::path &source);

// Lower-case hex SHA-256 of a byte string.
std::string sha256_hex(const void *data, std::size_t size);

} // namespace pmat::shim
