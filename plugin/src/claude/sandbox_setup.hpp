// Puts every bridge worker behind pmat-sandbox-exec (docs/security.md) when the pool's
// enable_sandbox is on (upstream's default). Settings, each also PMAT_CLAUDE_<NAME>:
//   claude.sandbox_launcher     launcher path (default: the install location, else the build tree)
//   claude.sandbox_dir          the workers' private writable directory (HOME, TMPDIR)
//   claude.sandbox_degraded_ok  "true": start even when a layer is unavailable (reported loudly)
// Network: only the API endpoint of ANTHROPIC_BASE_URL (else api.anthropic.com:443), relayed into
// the workers' own network namespace.
#pragma once

#include "settings.hpp"

#include <pmat/bridge/config.hpp>

namespace pmat::plugin::claude {

// Fills config.launcher, or says why the sandbox cannot be set up (the pool must not start
// unsandboxed behind the operator's back: fail closed).
pmat::bridge::Status apply_sandbox(pmat::bridge::PoolConfig &config,
                                   const ConfigLookup &host_config);

} // namespace pmat::plugin::claude
