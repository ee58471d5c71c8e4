// Lets Boost.Test print the library's enums in failure messages.
#pragma once

#include <ostream>

#include <pmat/bridge/breaker.hpp>

namespace pmat::bridge {

inline std::ostream &operator<<(std::ostream &os, BreakerState s) {
   return os << to_string(s);
}

inline std::ostream &operator<<(std::ostream &os, Admission a) {
   switch (a) {
   case Admission::rejected: return os << "rejected";
   case Admission::admitted: return os << "admitted";
   case Admission::probe: return os << "probe";
   }
   return os << "?";
}

} // namespace pmat::bridge
