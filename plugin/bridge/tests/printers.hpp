// Lets Boost.Test print the library's enums in failure messages.
#pragma once

#include <ostream>

#include <pmat/bridge/breaker.hpp>
#include <pmat/bridge/failure.hpp>

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

inline std::ostream &operator<<(std::ostream &os, Failure f) {
   return os << failure_name(f);
}

} // namespace pmat::bridge
