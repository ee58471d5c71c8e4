// SPDX-License-Identifier: MIT
// Where the flags file lives: $XDG_CONFIG_HOME/pmat/flags.json (when absolute), else
// $HOME/.config/pmat/flags.json, else the passwd entry's home.
#pragma once

#include "env.hpp"

#include <filesystem>
#include <optional>

namespace pmat::flags {

std::optional<std::filesystem::path> default_flags_path(const GetEnvFn &getenv);

} // namespace pmat::flags
