// The plugin that would serve, loaded once through the shim's C API exactly as `pmat-host
// analyze` loads it, and asked for its status (pmat.control/1 "status": the flags it applies,
// its cache tiers, its pool). The flags and cache checks read this instead of re-implementing
// the plugin's parsers, so the doctor says what the plugin itself would do.
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pmat::doctor {

struct PluginSession {
   bool opened = false;
   std::string open_error;                    // why pmat_shim_open refused, when !opened
   boost::json::object served;                // pmat_shim_status "generation": id, version, file...
   std::optional<boost::json::object> status; // the control "status" answer
   std::string control_error;                 // why there is no status (e.g. no control interface)
   std::vector<std::string> log;              // what the shim and plugin logged while loading
};

// Opens `plugin_dir` (empty = the default search), asks for the status and closes again.
// Plugin and shim log records are collected instead of printed. Never throws.
PluginSession load_plugin_session(const std::string &plugin_dir);

} // namespace pmat::doctor
