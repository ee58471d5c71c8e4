// SPDX-License-Identifier: MIT
// The last flags document a host saw from its shared source, kept in its state directory
// ($XDG_STATE_HOME/pmat/flags-last-known.json, else ~/.local/state/pmat/...), so a host that
// starts, or keeps running, while the source is unreachable applies the fleet's last known flags
// instead of defaults. Written atomically (temp file, fsync, rename).
#pragma once

#include "env.hpp"
#include "source.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace pmat::flags {

struct LastKnown {
   std::string location; // the source it came from (describe()d)
   SourceDocument document;
   std::uint64_t saved_unix_ms = 0;
};

// $XDG_STATE_HOME/pmat (when absolute), else $HOME/.local/state/pmat; nullopt without a home.
std::optional<std::filesystem::path> default_state_dir(const GetEnvFn &getenv);

// Writes `known` to `file`, creating its directory. False (and `error`) on failure.
bool save_last_known(const std::filesystem::path &file, const LastKnown &known, std::string &error);
// nullopt when there is no file, or it is unreadable or malformed (`error` then says why).
std::optional<LastKnown> load_last_known(const std::filesystem::path &file, std::string &error);

} // namespace pmat::flags
