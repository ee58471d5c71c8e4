// SPDX-License-Identifier: MIT
// The child side of process isolation: runs one test and writes its result as JSON to the
// result pipe the parent passed with --result-fd.
#pragma once

#include "options.hpp"

namespace pmat::conformance {

int run_one(const Options &options);

} // namespace pmat::conformance
