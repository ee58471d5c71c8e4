// SPDX-License-Identifier: MIT
// Builds the result cache and the flag store from the host's configuration. Keys (all optional;
// each also reads PMAT_<KEY> through the host, e.g. PMAT_CACHE_REDIS):
//   cache.enabled      "false" turns both tiers off (every request is computed)
//   cache.disk         "false" turns the persistent tier off
//   cache.native_persistent  "true" stores native answers in the disk and Redis tiers too
//                      (default: Claude answers only; docs/cache.md "What goes where")
//   claude.enable_cache "false": Claude's answers bypass the cache (never read from or written to
//                      any tier; native results keep theirs). Upstream BridgeConfig's field.
//   cache.dir          persistent tier location (default $XDG_CACHE_HOME/pmat, ~/.cache/pmat)
//   cache.redis        "host:port" of a shared Redis tier (default: none)
//   flags.file         flags file (default $XDG_CONFIG_HOME/pmat/flags.json, ~/.config/...)
#pragma once

#include <pmat/cache/tiered_cache.hpp>
#include <pmat/common/config.hpp>
#include <pmat/flags/store.hpp>
#include <pmat/plugin_api.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace pmat::plugin {

using pmat::common::ConfigFn;

// nullptr when cache.enabled is "false".
std::unique_ptr<pmat::cache::TieredCache> make_cache(const pmat_host *host, const ConfigFn &config);

// False when claude.enable_cache is "false", "0" or "off".
bool claude_answers_cached(const ConfigFn &config);

// False when cache.native is "false", "0" or "off" (a host that analyses each file once), unless
// cache.native_persistent is "true", "1" or "on": persisting native answers implies caching them.
bool native_answers_cached(const ConfigFn &config);

// The flags source: PMAT_FLAGS_SOURCE, else the flags.source key ("file:PATH" or
// "redis://[user:password@]host:port/db"), else the flags.file key, else the default file. A
// Redis source keeps its last document in flags.state_dir (default $XDG_STATE_HOME/pmat).
// Throws StatusError(PMAT_STATUS_INVALID_ARGUMENT) for a malformed source: a typo must not
// silently run with other flags.
std::unique_ptr<pmat::flags::FlagStore> make_flag_store(const pmat_host *host,
                                                        const ConfigFn &config);

} // namespace pmat::plugin
