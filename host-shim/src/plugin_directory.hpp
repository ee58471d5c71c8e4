// SPDX-License-Identifier: MIT
// Where plugins are looked for, and which files in a plugins directory are candidates.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::shim {

// The plugins directory to use: `explicit_dir` if non-empty, else $PMAT_PLUGIN_PATH, else the
// install location (<libdir>/pmat/plugins) if it exists, else the build tree's plugins folder.
std::filesystem::path resolve_plugin_dir(std::string_view explicit_dir);

// Regular files named *.so, not hidden (an installer's in-progress file is hidden until its
// rename), in file-name order.
std::vector<std::filesystem::path> list_plugin_files(const std::filesystem::path &dir);

// True for a file name the shim treats as a plugin candidate.
bool is_plugin_file_name(std::string_view name);

} // namespace pmat::shim
