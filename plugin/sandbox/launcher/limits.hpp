// Resource limits: rlimits for the payload (never RLIMIT_AS, which breaks Node's Wasm/fetch),
// per process; the sandbox-wide limits are the worker's cgroup (cgroup.hpp).
#pragma once

#include <string>
#include <sys/types.h>

#include <pmat/sandbox/command_line.hpp>

namespace pmat::sandbox::launcher {

// Sets CORE 0, DATA, NOFILE, NPROC, CPU, FSIZE; "" or the first failure.
std::string apply_rlimits(const SandboxConfig &config);

} // namespace pmat::sandbox::launcher
