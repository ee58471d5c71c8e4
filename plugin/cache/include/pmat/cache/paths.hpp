// SPDX-License-Identifier: MIT
// XDG base directories for the persistent tier: $XDG_CACHE_HOME/pmat (when absolute, per the XDG
// spec), else $HOME/.cache/pmat, else the passwd entry's home. The environment is injected so
// tests never depend on the real one.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>

namespace pmat::cache {

// Returns the variable's value, or nullptr when unset (std::getenv's contract).
using GetEnvFn = std::function<const char *(const char *)>;

// nullopt only when no home directory can be found at all.
std::optional<std::filesystem::path> default_cache_dir(const GetEnvFn &getenv);

} // namespace pmat::cache
