// SPDX-License-Identifier: MIT
// Staged copies of plugin files: every generation is loaded from its own private copy, so that
// dlopen never sees a path or inode that another generation still has mapped, and an installer
// overwriting the original file can never change code that is running.
//
// A copy holds the plugin's loaded image: the ELF header, the program headers and the segments,
// up to the end of the furthest segment, with the section header fields cleared. That is every
// byte the loader maps, and nothing else: the symbol tables and debug information after the
// image (24 of the 25 MB of a RelWithDebInfo libpmat_claude.so) are neither read, hashed nor
// copied. PMAT_STAGE_WHOLE_FILE=1 stages the whole file instead, for a debugger or symboliser
// that reads symbols from the mapped file; sanitizer builds do so by default.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pmat::shim {

// How much of a plugin file a stage holds.
enum class StageExtent {
   Image,     // the loaded image, section header fields cleared (the default)
   WholeFile, // every byte of the file, unchanged
};

// PMAT_STAGE_WHOLE_FILE: "1" is WholeFile, "0" is Image; unset or anything else is the build's
// default (Image; WholeFile in AddressSanitizer and ThreadSanitizer builds). Read at each call.
StageExtent stage_extent();

struct StagedFile {
   std::filesystem::path path; // the private copy; the caller unlinks it when unloading
};

// $XDG_RUNTIME_DIR/pmat-stage if set, else /tmp/pmat-stage-<uid>.
std::filesystem::path default_staging_dir();

// Creates `dir` with mode 0700 if needed and checks that it is a real directory owned by us and
// not writable by others (in a shared world-writable directory another user could swap the copy).
// Throws std::runtime_error with the reason.
void prepare_staging_dir(const std::filesystem::path &dir);

// The bytes of `source` a stage holds (see StageExtent), read once with positioned reads after
// checking the ELF headers against the file's size (elf_image.hpp): a truncated or foreign file
// is refused before anything past its headers is read. Throws std::runtime_error with the reason
// (unreadable, not a loadable image, shorter than its headers say).
std::vector<char> read_plugin_image(const std::filesystem::path &source, StageExtent extent);

// Copies the bytes of `source` a stage holds (see StageExtent; the same bytes read_plugin_image
// gives) to `<dir>/<stem>-<pid>-<sequence>.so` (mode 0500, O_EXCL), checking the ELF headers
// against the file's size first, as read_plugin_image does. The copy is made by the kernel
// (copy_file_range; positioned reads and writes where the kernel refuses), so the image does not
// pass through this process: staging is on the path of every start, and the loader reads the copy
// anyway. Nothing is hashed here: staged_copy_sha256 hashes the copy when someone asks (a status, a
// reload's comparison). Throws std::runtime_error when the source cannot be read or is not a
// loadable image, when it becomes shorter while it is copied, or when the copy cannot be
// written; no copy is left behind then.
StagedFile stage_copy(const std::filesystem::path &source, const std::filesystem::path &dir);

// How copy_file_bytes moves the bytes.
enum class CopyMethod {
   Kernel,    // copy_file_range; where the kernel cannot (another filesystem, an old kernel), as
              // ReadWrite from where it stopped
   ReadWrite, // positioned reads into a buffer and writes from it
};

// Copies bytes [0, size) of the file open as `from` to the same offsets of the file open as
// `to` (neither descriptor's file position is used or moved). `source` and `copy` name the files
// in errors. Throws std::runtime_error when a read or write fails, or when `from` ends before
// `size` ("became shorter while it was read").
void copy_file_bytes(int from, int to, std::size_t size, CopyMethod method,
                     const std::filesystem::path &source, const std::filesystem::path &copy);

// The SHA-256 of a copy stage_copy made: every byte of the file, which are the bytes it staged.
// Throws std::runtime_error when the copy cannot be read.
std::string staged_copy_sha256(const std::filesystem::path &staged);

// The SHA-256 a stage of `source` would have now (what staged_copy_sha256 would give for a copy
// staged from it), for telling an unchanged build from a new one. Throws as read_plugin_image
// does.
std::string staged_sha256(const std::filesystem::path &source);

// Lower-case hex SHA-256 of a byte string.
std::string sha256_hex(const void *data, std::size_t size);

} // namespace pmat::shim
