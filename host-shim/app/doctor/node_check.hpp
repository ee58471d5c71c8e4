// Node and the bridge: the interpreter the plugin would start (PMAT_CLAUDE_NODE, else `node` in
// PATH), its version against the bridge's package.json "engines.node", the bridge entry script
// (PMAT_CLAUDE_BRIDGE_PATH, PMAT_CLAUDE_BRIDGE, else the install location, else the build tree)
// and the Anthropic SDKs in the bridge's node_modules. Needed when Claude is.
#pragma once

#include "check.hpp"

#include <optional>
#include <string>

namespace pmat::doctor {

// Where the plugin would find its worker: resolved once, shared with the sandbox check (its
// dry run binds the same node and bridge folder).
struct BridgeSetup {
   std::string node_program;        // as configured: "node" or PMAT_CLAUDE_NODE
   std::optional<std::string> node; // absolute, symlink-free path; nullopt when not found
   std::string entry;               // the bridge entry script
   std::string entry_source;        // which setting chose it
   std::string root;                // the bridge's folder (package.json, node_modules)
};

BridgeSetup find_bridge();

void check_node(const BridgeSetup &setup, Checks &out);

} // namespace pmat::doctor
