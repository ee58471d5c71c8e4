// The plugins directory, each candidate plugin in it (loads, ABI, id, version, SHA-256) and the
// one that serves. Needed by every engine: without a plugin nothing is analyzed.
#pragma once

#include "check.hpp"
#include "plugin_session.hpp"

#include <string>

namespace pmat::doctor {

// Every *.so in `plugin_dir` (empty = the shim's default search) fully validated through
// pmat_shim_inspect (init, smoke call, deinit, as a reload would), and the served plugin of
// `session`. Appends to `out`.
void check_plugins(const std::string &plugin_dir, const PluginSession &session, Checks &out);

// Lower-case hex SHA-256 of the file's bytes; empty when it cannot be read.
std::string file_sha256(const std::string &path);

} // namespace pmat::doctor
