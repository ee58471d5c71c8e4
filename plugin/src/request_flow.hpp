// SPDX-License-Identifier: MIT
// One analyze request, end to end: the native result (through the cache), the rollout decision
// (flags, kill switch, latched rollback), and, when Claude is wanted, Claude's review (through
// the cache and the bridge pool) merged under "claude" — or the reason it is absent under
// "fallback_reason". Schema: docs/result-schema.md.
#pragma once

#include "analyze_options.hpp"
#include "runtime.hpp"

#include <pmat/plugin_api.h>

#include <string>

namespace pmat::plugin {

// The result JSON. Throws StatusError for a request the plugin refuses (unknown profile).
std::string analyze_request(const pmat_analyze_request &request, const AnalyzeOptions &options,
                            Runtime &rt);

} // namespace pmat::plugin
