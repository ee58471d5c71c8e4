// SPDX-License-Identifier: MIT
// The host's configuration, injected: a key ("cache.redis", "flags.file", ...) to its value.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace pmat::common {

// Returns the value of `key` (a NUL-terminated dotted name), or nullopt when it is not set.
// Must not throw for an unknown key.
using ConfigFn = std::function<std::optional<std::string>(const char *key)>;

} // namespace pmat::common
