// RAII over the host-shim C API for the CLI: the CLI uses the shim exactly as pmat would.
#pragma once

#include <pmat/host_shim.h>

#include <memory>
#include <string>

namespace pmat::cli {

struct ShimCloser {
   void operator()(pmat_shim *shim) const { pmat_shim_close(shim); }
};
using ShimHandle = std::unique_ptr<pmat_shim, ShimCloser>;

// Opens the plugins directory (empty = default search); throws std::runtime_error with the
// shim's message on failure.
ShimHandle open_shim(const std::string &plugin_dir, bool watch = false);
// open_shim for the one-shot commands: on failure, says why on stderr ("pmat-host: cannot load a
// plugin: ...") and returns an empty handle, for which the command exits with k_exit_config.
ShimHandle open_shim_or_report(const std::string &plugin_dir);

// Takes ownership of a shim-allocated buffer.
std::string take_shim_buffer(char *buffer, std::size_t size);

} // namespace pmat::cli
