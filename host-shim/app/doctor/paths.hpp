// The per-user locations the plugin and `serve` use, found the same way: $XDG_<X>_HOME when it
// is absolute, else $HOME/<home_dir>, else (when `passwd_fallback`) the passwd entry's home.
#pragma once

#include <filesystem>
#include <optional>

namespace pmat::doctor {

// e.g. user_path("XDG_CONFIG_HOME", ".config", "pmat/flags.json", true).
std::optional<std::filesystem::path> user_path(const char *xdg_variable, const char *home_dir,
                                               const char *relative, bool passwd_fallback);

} // namespace pmat::doctor
