// What the plugin's worker pool calls to sandbox a worker: a SandboxConfig becomes the argv of
// `pmat-sandbox-exec [options] -- PROGRAM ARGS...`, which the pool spawns instead of the program.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pmat/sandbox/layers.hpp>

namespace pmat::sandbox {

enum class Network {
   None,   // fresh network namespace, loopback down: the worker reaches nothing
   Egress, // fresh network namespace; a forwarder reaches only `egress_endpoint`
   Host,   // no network namespace (weakest; reported as netns unavailable-by-choice)
};

struct SandboxConfig {
   std::string launcher; // path of pmat-sandbox-exec
   // Directory owned by the caller, writable by no one else (created 0711 if missing), under which
   // each launch makes its own randomly named 0700 directory, removed when the launch ends. It is
   // the worker's HOME only when there is no mount namespace; with one, HOME is a private tmpfs.
   std::string sandbox_root;
   std::uint64_t home_mib = 256; // size of the private tmpfs home (/sandbox) in the view
   std::vector<std::string>
       ro_binds; // host paths visible read-only at the same path (node, bridge)
   bool user_ns = true;
   bool mount_ns = true;
   bool pid_ns = true;
   bool ipc_ns = true;
   bool uts_ns = true;
   Network network = Network::None;
   std::string egress_endpoint;   // "host:port" (from ANTHROPIC_BASE_URL) when network == Egress
   std::uint64_t data_mib = 4096; // RLIMIT_DATA; the V8 heap is capped by max_old_space_mib
   std::uint64_t max_old_space_mib = 256; // NODE_OPTIONS=--max-old-space-size
   std::uint64_t nofile = 1024;           // RLIMIT_NOFILE (Node needs >= 256)
   std::uint64_t nproc = 512;             // RLIMIT_NPROC: processes + threads of the sandbox uid
   std::uint64_t cpu_seconds = 3600;      // RLIMIT_CPU backstop; wall-clock limits are the pool's
   std::uint64_t fsize_mib = 256;         // RLIMIT_FSIZE
   // "auto" (the launcher's own cgroups: v2 when its memory and pids controllers can be
   // delegated, else v1), a cgroup v2 directory, or empty for no cgroup layer.
   std::string cgroup_parent;
   std::uint64_t cgroup_memory_mib = 2048; // memory.max (v1: memory.limit_in_bytes)
   std::uint64_t cgroup_pids = 512;        // pids.max: processes + threads of the whole sandbox
   std::uint64_t cgroup_cpu_weight = 100;  // cpu.weight 1..10000 (v1: cpu.shares, x10.24)
   bool seccomp = true;
   std::string seccomp_policy_dir;    // empty = the policy built into the launcher
   std::vector<std::string> keep_env; // host variables passed on besides the built-in allow-list
   std::vector<std::string> set_env;  // NAME=VALUE set inside
   std::vector<Layer> require;        // mandatory even with degraded_ok
   bool degraded_ok = false;          // run with unavailable layers, reported loudly
   std::optional<int> report_fd;      // where the one-line JSON report goes (default stderr)
};

// The launcher's argv (argv[0] = config.launcher), ending with "--" and `payload`.
std::vector<std::string> build_command_line(const SandboxConfig &config,
                                            const std::vector<std::string> &payload);

// "host:port" for an Anthropic base URL ("https://api.anthropic.com" -> "api.anthropic.com:443",
// "http://127.0.0.1:8080/" -> "127.0.0.1:8080"); nullopt when it is not http(s) or malformed.
std::optional<std::string> endpoint_of_base_url(const std::string &base_url);

} // namespace pmat::sandbox
