// SPDX-License-Identifier: MIT
#include <pmat/bridge/status.hpp>

namespace pmat::bridge {

std::string describe(const Status &status) {
   const char *name = pmat_status_name(status.code);
   std::string out = "[";
   out += name != nullptr ? name : "Unknown";
   out += "] ";
   out += status.message;
   return out;
}

} // namespace pmat::bridge
