// SPDX-License-Identifier: MIT
// Printable decision reasons for Boost.Test messages.
#pragma once

#include <pmat/flags/decision.hpp>

#include <ostream>

namespace pmat::flags {
inline std::ostream &operator<<(std::ostream &os, Reason r) {
   return os << to_string(r);
}
} // namespace pmat::flags
