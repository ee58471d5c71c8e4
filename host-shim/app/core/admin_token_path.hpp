// Where `pmat-host serve` keeps its admin token, shared by serve (which creates and reads it) and
// `pmat-host doctor` (which checks its permissions) so that both always name the same file.
#pragma once

#include <filesystem>

namespace pmat::app {

// $XDG_CONFIG_HOME/pmat/admin-token when XDG_CONFIG_HOME is absolute, else
// $HOME/.config/pmat/admin-token. Throws std::runtime_error when neither gives a place.
std::filesystem::path default_admin_token_path();

} // namespace pmat::app
