// SPDX-License-Identifier: MIT
// The process environment, injected: code that reads a variable takes a GetEnvFn, so tests never
// depend on the real environment.
#pragma once

#include <functional>

namespace pmat::common {

// Returns the variable's value, or nullptr when unset (std::getenv's contract). The pointer is
// valid until the environment changes; copy it before calling anything that may change it.
using GetEnvFn = std::function<const char *(const char *name)>;

} // namespace pmat::common
