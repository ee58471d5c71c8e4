// Resource limits: rlimits for the payload (never RLIMIT_AS, which breaks Node's Wasm/fetch),
// and an optional cgroup v2 child with memory.max / pids.max when the parent is writable.
#pragma once

#include <string>
#include <sys/types.h>

#include <pmat/sandbox/command_line.hpp>

namespace pmat::sandbox::launcher {

// Sets CORE 0, DATA, NOFILE, NPROC, CPU, FSIZE; "" or the first failure.
std::string apply_rlimits(const SandboxConfig &config);

// Creates <parent>/pmat-sandbox-<launcher pid>, writes the limits and moves `pid` into it.
// "" or why not (the cgroup layer is then unavailable). `created` gets the directory.
std::string join_cgroup(const SandboxConfig &config, pid_t pid, std::string &created);
void remove_cgroup(const std::string &created);

} // namespace pmat::sandbox::launcher
