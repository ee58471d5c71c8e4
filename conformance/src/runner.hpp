// SPDX-License-Identifier: MIT
// The parent side of process isolation: runs each test in a fresh process (posix_spawn of this
// executable with --run-one) under a timeout, so a crash or hang is a result, not the end of the
// run.
#pragma once

#include "result.hpp"

namespace pmat::conformance {

TestResult run_isolated(const Options &options, const TestCase &test);

} // namespace pmat::conformance
