// SPDX-License-Identifier: MIT
#include "result.hpp"

#include <algorithm>

namespace pmat::conformance {

std::string_view outcome_name(Outcome outcome) {
   switch (outcome) {
   case Outcome::Passed: return "passed";
   case Outcome::Failed: return "failed";
   case Outcome::Skipped: return "skipped";
   case Outcome::Crashed: return "crashed";
   case Outcome::TimedOut: return "timed-out";
   }
   return "unknown";
}

bool is_failure(Outcome outcome) {
   return outcome != Outcome::Passed && outcome != Outcome::Skipped;
}

std::size_t RunReport::count(Outcome outcome) const {
   return static_cast<std::size_t>(std::count_if(
       results.begin(), results.end(), [&](const TestResult &r) { return r.outcome == outcome; }));
}

std::size_t RunReport::failing() const {
   return static_cast<std::size_t>(std::count_if(
       results.begin(), results.end(), [](const TestResult &r) { return is_failure(r.outcome); }));
}

} // namespace pmat::conformance
