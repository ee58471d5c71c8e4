// SPDX-License-Identifier: MIT
// The shim's default log sink: Boost.Log to stderr, one record per line, plain or JSON lines.
// Level from $PMAT_LOG (error, warn, info, debug, trace), else $RUST_LOG (its first level word,
// so "pmat=debug" works), else warn. $PMAT_LOG_FORMAT=json selects JSON lines.
#pragma once

#include <pmat/plugin_api.h>

#include <string_view>

namespace pmat::shim {

// Parses a level word as PMAT_LOG/RUST_LOG spell it; `fallback` when none is recognised.
pmat_log_level parse_log_level(std::string_view text, pmat_log_level fallback);

// Writes one record through the default sink. Thread-safe.
void default_log(pmat_log_level level, std::string_view message);

} // namespace pmat::shim
