// The server's use of the host-shim C API: one owned handle and string-returning wrappers, so
// that pmat-host serve/mcp use the shim exactly as pmat would, through its C API only.
#pragma once

#include <pmat/host_shim.h>

#include <memory>
#include <string>

namespace pmat::serve {

struct ShimCloser {
   void operator()(pmat_shim *shim) const { pmat_shim_close(shim); }
};
using ShimHandle = std::unique_ptr<pmat_shim, ShimCloser>;

// Opens the plugins directory (empty = the default search); throws std::runtime_error with the
// shim's message.
ShimHandle open_shim(const std::string &plugin_dir, bool watch);

// The shim's status JSON object as text; throws std::runtime_error.
std::string shim_status(pmat_shim *shim);

// The plugin's and the shim's metrics in `format`; throws std::runtime_error.
std::string shim_metrics(pmat_shim *shim, pmat_metrics_format format);

// Reloads now; returns the refusal message, empty on success.
std::string shim_reload(pmat_shim *shim);

} // namespace pmat::serve
