// SPDX-License-Identifier: MIT
#pragma once
// One metric family's header lines in the Prometheus text format or OpenMetrics, shared by the
// server's own families (server_stats.cpp) and the admission's (admission.cpp).

#include <ostream>
#include <string>

namespace pmat::serve {

// Writes "# HELP name help" and "# TYPE name type". A counter's family is named without its
// "_total" suffix in OpenMetrics (`name` must then end in "_total"). Not thread-safe on `out`.
void write_family(std::ostream &out, const std::string &name, const char *type, const char *help,
                  bool openmetrics);

// write_family for a gauge, then its one sample "name value".
template <typename Value>
void write_gauge(std::ostream &out, const std::string &name, const char *help, Value value,
                 bool openmetrics) {
   write_family(out, name, "gauge", help, openmetrics);
   out << name << " " << value << "\n";
}

} // namespace pmat::serve
