// Puts every bridge worker behind pmat-sandbox-exec (docs/security.md) when the pool's
// enable_sandbox is on (upstream's default). Settings, each also PMAT_CLAUDE_<NAME>:
//   claude.sandbox_launcher     launcher path (default: the install location, else the build tree)
//   claude.sandbox_root         where each worker's private directory is made (and removed):
//                               /run/pmat-sandbox as root, else $XDG_RUNTIME_DIR/pmat-sandbox,
//                               else $TMPDIR/pmat-sandbox-<uid>; owned by us, writable by no one
//                               else, or the launcher refuses it
//   claude.sandbox_degraded_ok  "true": start even when a layer is unavailable (reported loudly)
//   claude.sandbox_require      layers never given up, even degraded (default userns,mountns,
//                               pidns,netns,egress,filesystem,seccomp; cgroup added unless off)
//   claude.sandbox_cgroup       "auto" (default): each worker in its own cgroup, or no worker
//                               starts; a delegated cgroup v2 directory; "off": no cgroup layer
//   claude.sandbox_memory_mib   the worker cgroup's memory.max (default 2048)
//   claude.sandbox_pids         its pids.max (default 512)
//   claude.sandbox_cpu_weight   its cpu.weight, 1..10000 (default 100)
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
