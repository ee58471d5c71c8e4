// The server's use of the host-shim C API: one owned handle and string-returning wrappers, so
// that pmat-host serve/mcp use the shim exactly as pmat would, through its C API only.
#pragma once

#include "session.hpp"

#include <pmat/host_shim.h>

#include <string>

namespace pmat::serve {

// The CLI's owned handle and opener (host-shim/cli/shim_handle.hpp).
using pmat::cli::open_shim;
using pmat::cli::ShimHandle;
using pmat::cli::take_shim_buffer;

// The shim's status JSON object as text; throws std::runtime_error.
std::string shim_status(pmat_shim *shim);

// The plugin's and the shim's metrics in `format`; throws std::runtime_error.
std::string shim_metrics(pmat_shim *shim, pmat_metrics_format format);

// Reloads now; returns the refusal message, empty on success.
std::string shim_reload(pmat_shim *shim);

} // namespace pmat::serve
