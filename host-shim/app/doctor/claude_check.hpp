// The Claude configuration the workers inherit: a credential (ANTHROPIC_API_KEY or
// ANTHROPIC_AUTH_TOKEN; never printed), the endpoint (ANTHROPIC_BASE_URL or the public API), the
// model (PMAT_CLAUDE_MODEL, which is also the plugin's claude.model, or the bridge's default) and
// the bridge engine (PMAT_CLAUDE_ENGINE). With --check-api, one minimal request (max_tokens 1)
// to the endpoint: the only network call the doctor makes, and only when asked.
#pragma once

#include "check.hpp"
#include "node_check.hpp"

namespace pmat::doctor {

void check_claude_config(const BridgeSetup &bridge, Checks &out);

// POST <base>/v1/messages with one token, answered or not within a few seconds.
Check check_api(const BridgeSetup &bridge);

// The model a request would name: PMAT_CLAUDE_MODEL, else the DEFAULT_MODEL the bridge's entry
// script declares; empty when neither is found.
std::string configured_model(const BridgeSetup &bridge);

} // namespace pmat::doctor
