// SPDX-License-Identifier: MIT
#include "metric_family.hpp"

#include <string_view>

namespace pmat::serve {

void write_family(std::ostream &out, const std::string &name, const char *type, const char *help,
                  bool openmetrics) {
   const bool counter = std::string_view(type) == "counter";
   const std::string base = counter && openmetrics
                                ? name.substr(0, name.size() - std::string_view("_total").size())
                                : name;
   out << "# HELP " << base << " " << help << "\n# TYPE " << base << " " << type << "\n";
}

} // namespace pmat::serve
