// SPDX-License-Identifier: MIT
// Outcomes of tests and of a whole run, as the reports see them.
#pragma once

#include "options.hpp"
#include "test_case.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pmat::conformance {

enum class Outcome { Passed, Failed, Skipped, Crashed, TimedOut };

std::string_view outcome_name(Outcome outcome); // "passed", "failed", ..., "timed-out"
bool is_failure(Outcome outcome);

struct TestResult {
   const TestCase *test = nullptr;
   Outcome outcome = Outcome::Failed;
   double seconds = 0;
   std::vector<std::string> messages; // failures, or the reason for a skip/crash/timeout
   std::vector<std::string> notes;
   std::string output; // tail of the test process's stdout+stderr
};

struct RunReport {
   const Options *options = nullptr;
   std::vector<TestResult> results;
   double seconds = 0;
   std::string started_at; // ISO 8601, UTC
   std::string hostname;

   std::size_t count(Outcome outcome) const;
   std::size_t failing() const;
};

} // namespace pmat::conformance
