// SPDX-License-Identifier: MIT
// Small POSIX file helpers for the disk tier: whole-file read with a size cap, and the crash-safe
// write (temp file in the same directory tree, rename over the final name; no fsync).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace pmat::cache::detail {

// nullopt when the file is missing, unreadable or larger than `max_size`.
std::optional<std::string> read_whole_file(const std::filesystem::path &path,
                                           std::size_t max_size) noexcept;

// Writes `bytes` to `tmp` and renames it to `target`. On any failure the temp file is removed and
// false returned; `target` then still holds its previous content (or nothing). A process crash
// leaves the old entry or the new one under `target`; a power loss may leave a short or
// zero-filled file there (nothing was flushed), which callers must verify on read.
bool write_file_atomically(const std::filesystem::path &tmp, const std::filesystem::path &target,
                           std::string_view bytes) noexcept;

} // namespace pmat::cache::detail
