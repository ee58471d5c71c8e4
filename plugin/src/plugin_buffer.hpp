// SPDX-License-Identifier: MIT
// pmat_plugin_buffer backed by a std::string the plugin owns until release (PMAT-ABI-030..032).
#pragma once

#include <pmat/plugin_api.h>

#include <string>

namespace pmat::plugin {

// Moves `text` into `out`; `out->data[out->size]` is the string's NUL.
void fill_buffer(std::string &&text, pmat_plugin_buffer *out);

// Frees what fill_buffer allocated and zeroes the buffer; NULL and zeroed buffers are no-ops.
void release_buffer(pmat_plugin_buffer *buffer) noexcept;

} // namespace pmat::plugin
