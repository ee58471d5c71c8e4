// SPDX-License-Identifier: MIT
// What a test body sees in its child process: options, a seeded generator and the result record.
#pragma once

#include "options.hpp"

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::conformance {

// Thrown to end a test early; the child reports the recorded failures plus this reason.
struct AbortTest {
   std::string reason;
};
// Thrown when a test does not apply to this plugin (an optional interface is missing, ...).
struct SkipTest {
   std::string reason;
};

class TestContext {
 public:
   TestContext(const Options &options, std::string_view test_id);

   const Options &options() const { return options_; }
   int level() const { return options_.level; }
   std::mt19937_64 &rng() { return rng_; }

   // Records an informational line for the report (load time, counts, what was skipped).
   void note(std::string line);
   // Records a failure when `ok` is false; returns `ok` so callers can branch on it.
   bool expect(bool ok, const std::string &failure);
   void fail(std::string failure);
   // Ends the test now with a failure.
   void require(bool ok, const std::string &failure);
   [[noreturn]] void skip(std::string reason);

   const std::vector<std::string> &failures() const { return failures_; }
   const std::vector<std::string> &notes() const { return notes_; }
   std::size_t suppressed_failures() const { return suppressed_; }

 private:
   const Options &options_;
   std::mt19937_64 rng_;
   std::vector<std::string> failures_;
   std::vector<std::string> notes_;
   std::size_t suppressed_ = 0;
};

// A count that grows with the level: `base` at the default level, `heavy` at level 5.
int scaled(const TestContext &ctx, int light, int base, int heavy);

} // namespace pmat::conformance
