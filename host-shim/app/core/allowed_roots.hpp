// SPDX-License-Identifier: MIT
// The directories a client may name files under. Every path is resolved (symlinks included) and
// must land inside one root; the file is then opened without following links and its real path
// re-checked through /proc/self/fd, so swapping a component for a symlink between the check and
// the open cannot escape the roots.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pmat::app {

class AllowedRoots {
 public:
   // Canonicalises each root; throws std::runtime_error for one that does not exist.
   explicit AllowedRoots(const std::vector<std::string> &roots);

   bool empty() const { return roots_.empty(); }
   const std::vector<std::filesystem::path> &roots() const { return roots_; }

   // Resolves `requested` (relative paths against the first root) and returns its canonical
   // path. Throws ApiError: 403 outside every root, 404 missing.
   std::filesystem::path resolve(const std::string &requested) const;

   // Reads a regular file under the roots, at most `max_bytes` (ApiError 413 above).
   std::string read_file(const std::filesystem::path &canonical, std::size_t max_bytes) const;

   bool contains(const std::filesystem::path &canonical) const;

 private:
   std::vector<std::filesystem::path> roots_;
};

} // namespace pmat::app
