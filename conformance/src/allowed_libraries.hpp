// SPDX-License-Identifier: MIT
// The libraries a pmat plugin may depend on (DT_NEEDED and symbol providers). A plugin is loaded
// into hosts on machines the plugin author never saw; everything outside this list must be
// linked statically or loaded by the host. docs/conformance.md repeats the list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pmat::conformance {

struct AllowedLibrary {
   std::string_view pattern; // ECMAScript regex over the file name (basename, with version)
   std::string_view reason;
};

const std::vector<AllowedLibrary> &allowed_libraries();

// Whether `file_name` (a soname or the basename of a loaded object) matches the list or one of
// the --allow-library patterns.
bool library_allowed(std::string_view file_name, const std::vector<std::string> &extra);

} // namespace pmat::conformance
