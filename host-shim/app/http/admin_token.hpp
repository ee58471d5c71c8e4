// SPDX-License-Identifier: MIT
// The bearer token that guards the admin endpoints: generated on first start from /dev/urandom,
// kept in $XDG_CONFIG_HOME/pmat/admin-token (else ~/.config/pmat/admin-token) with mode 0600.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pmat::serve {

// Where the token lives for this environment.
std::filesystem::path default_token_path();

// Reads the token at `path`, creating it (and its directory, mode 0700) when absent. Refuses a
// file that others can read or that is not a regular file, since a leaked token is an admin
// takeover. Throws std::runtime_error with the reason.
std::string load_or_create_token(const std::filesystem::path &path);

// Compares an Authorization header value with "Bearer <token>" in time independent of where
// they differ.
bool bearer_matches(std::string_view authorization, std::string_view token);

} // namespace pmat::serve
