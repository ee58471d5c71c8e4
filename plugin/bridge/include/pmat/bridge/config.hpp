// SPDX-License-Identifier: MIT
// Pool configuration: upstream's BridgeConfig fields and defaults, plus what a real pool needs.
// Settable by field name (for the host's "claude.<field>" keys) and from the environment.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pmat/bridge/breaker.hpp>
#include <pmat/bridge/status.hpp>

namespace pmat::bridge {

struct PoolConfig {
   // Upstream BridgeConfig (names and defaults kept).
   std::string bridge_path = "bridge/dist/index.js"; // PMAT_CLAUDE_BRIDGE
   std::uint32_t pool_size = 10;                     // max workers; PMAT_CLAUDE_POOL_SIZE
   std::uint32_t failure_threshold = 5;              // breaker: failures per window
   std::uint64_t init_timeout_ms = 500;              // spawn to handshake
   bool enable_sandbox = true; // the plugin fills `launcher` (and workers get --sandboxed)

   std::string node = "node";                   // PMAT_CLAUDE_NODE
   std::uint32_t min_workers = 1;               // pre-spawned and kept alive
   std::uint32_t max_in_flight_per_worker = 4;  // requests multiplexed on one worker
   std::uint64_t acquire_timeout_ms = 5000;     // then PoolExhausted 2003 (upstream: 5 s)
   std::uint64_t request_timeout_ms = 30000;    // default per-request deadline
   std::uint32_t recycle_after_requests = 1000; // 0 = never; gunicorn-style max_requests
   std::uint32_t recycle_jitter = 50;           // + uniform [0, jitter] per worker
   std::uint64_t max_rss_mb = 1024;             // recycle above this resident size; 0 = off
   std::uint64_t rss_check_interval_ms = 5000;
   std::uint64_t respawn_initial_ms = 1000; // gRPC connection backoff: 1 s x 1.6,
   double respawn_multiplier = 1.6;         // +-20 % jitter, at most 120 s
   double respawn_jitter = 0.2;
   std::uint64_t respawn_max_ms = 120000;
   std::uint64_t health_ping_timeout_ms = 1000;
   std::uint64_t stop_grace_ms = 2000;
   std::uint32_t breaker_min_calls = 5;
   std::uint64_t breaker_window_ms = 60000;
   std::uint64_t breaker_open_ms = 30000;
   std::vector<std::string> env; // extra KEY=VALUE for every worker
   // argv prefix that starts each worker (the sandbox launcher ending in "--"); empty = node runs
   // directly. The plugin fills it when enable_sandbox is on.
   std::vector<std::string> launcher;
   bool launcher_report = false; // the launcher reports on fd 3 (pmat-sandbox-exec --report-fd 3)
   std::uint64_t seed = 0;       // jitter RNG; 0 = random

   [[nodiscard]] BreakerConfig breaker() const;
};

// Sets one field by its name above ("pool_size", "enable_sandbox", ...). InvalidArgument for a bad
// value (naming field and value), NotFound for an unknown or list-valued field.
Status apply_setting(PoolConfig &config, std::string_view field, std::string_view value);

// Environment lookups; returns the variable's value or nullopt.
using EnvLookup = std::function<std::optional<std::string>(const char *name)>;
EnvLookup process_environment();

// Applies PMAT_CLAUDE_<FIELD> for every field, plus upstream's CLAUDE_POOL_SIZE (the PMAT_ name
// wins when both are set), PMAT_CLAUDE_NODE and PMAT_CLAUDE_BRIDGE.
Result<PoolConfig> apply_environment(PoolConfig config, const EnvLookup &lookup);

// Cross-field checks: pool_size 1..100 (upstream's MAX_POOL_SIZE), min_workers <= pool_size, ...
Status validate(const PoolConfig &config);

} // namespace pmat::bridge
