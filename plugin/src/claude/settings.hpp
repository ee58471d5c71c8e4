// Where the Claude engine's settings come from: the host's configuration ("claude.<field>"),
// then the environment (PMAT_CLAUDE_<FIELD>, upstream's CLAUDE_POOL_SIZE), with the bridge script
// found in the install location or the build tree when nobody says otherwise.
#pragma once

#include "batcher.hpp"

#include <pmat/bridge/config.hpp>

#include <functional>
#include <optional>
#include <string>

namespace pmat::plugin::claude {

using ConfigLookup = std::function<std::optional<std::string>(const char *key)>;

// The pool configuration, or the reason it is invalid (a bad value names its key).
pmat::bridge::Result<pmat::bridge::PoolConfig> pool_settings(const ConfigLookup &host_config);

// Batching limits: claude.batch_max_files, claude.batch_max_bytes, claude.batch_linger_ms (or
// PMAT_CLAUDE_BATCH_*); invalid values keep the defaults.
BatchLimits batch_settings(const ConfigLookup &host_config);

// What every Claude request gets unless its options say otherwise.
struct RequestSettings {
   std::string model;                      // claude.model, else PMAT_CLAUDE_MODEL; may be empty
   std::uint32_t max_output_tokens = 4096; // per file: claude.max_output_tokens
   std::string prices;                     // claude.prices (or PMAT_CLAUDE_PRICES), JSON
};

RequestSettings request_settings(const ConfigLookup &host_config);

// True when the bridge can authenticate or reach an endpoint: an API key, an auth token or a
// base URL in the environment the workers inherit.
bool credentials_configured();

// Bridge entry script when neither PMAT_CLAUDE_BRIDGE nor claude.bridge_path is set.
std::string default_bridge_path();

} // namespace pmat::plugin::claude
