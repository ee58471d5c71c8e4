// SPDX-License-Identifier: MIT
// The flags file format (docs/flags.md "Schema"): strict JSON, unknown keys rejected, so a typo
// such as "kill_swich" is an error that keeps the last good flags, never a silently ignored key.
#pragma once

#include "config.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pmat::flags {

inline constexpr int k_flags_file_version = 1;

struct ParseResult {
   std::optional<FlagsConfig> config; // set on success (normalized)
   std::string error;                 // set on failure, e.g. "claude.percentage: not a number"
};

// Never throws.
ParseResult parse_flags_json(std::string_view text) noexcept;
// Pretty, stable output (2-space indent, keys in schema order) that parses back to `config`.
std::string to_json(const FlagsConfig &config);

} // namespace pmat::flags
