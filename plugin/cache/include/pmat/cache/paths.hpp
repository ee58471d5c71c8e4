// SPDX-License-Identifier: MIT
// XDG base directories for the persistent tier: $XDG_CACHE_HOME/pmat (when absolute, per the XDG
// spec), else $HOME/.cache/pmat, else the passwd entry's home. The environment is injected so
// tests never depend on the real one.
#pragma once

#include <pmat/common/environment.hpp>

#include <filesystem>
#include <optional>

namespace pmat::cache {

using pmat::common::GetEnvFn;

// nullopt only when no home directory can be found at all.
std::optional<std::filesystem::path> default_cache_dir(const GetEnvFn &getenv);

} // namespace pmat::cache
