// SPDX-License-Identifier: MIT
// The payload's environment: an allow-list of host variables, never the host's whole env.
#pragma once

#include <string>
#include <vector>

#include <pmat/sandbox/command_line.hpp>

namespace pmat::sandbox::launcher {

// Where the private writable dir and the private /tmp appear inside the sandbox.
inline constexpr const char *k_inside_sandbox_dir = "/sandbox";

// NAME=VALUE entries: PATH, ANTHROPIC_API_KEY/AUTH_TOKEN/BASE_URL, proxy variables and
// --keep-env names from `host`; HOME/TMPDIR/PWD pointing into the sandbox; NODE_ENV=production;
// NODE_OPTIONS=--max-old-space-size=N; then --setenv entries (which win).
std::vector<std::string> sandbox_environment(const SandboxConfig &config, char **host,
                                             const std::string &home);

} // namespace pmat::sandbox::launcher
