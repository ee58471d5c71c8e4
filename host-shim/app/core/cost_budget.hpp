// SPDX-License-Identifier: MIT
// A run's Claude budget: the sum of `claude.cost_usd` of the files already answered, against the
// cap of `--max-cost` (or the HTTP / MCP field). Files not yet sent once it is spent are
// analysed natively and marked `fallback_reason: "budget-exhausted"`; files in flight finish.
#pragma once

#include "analysis.hpp"

#include <report/file_result.hpp>

#include <mutex>

namespace pmat::app {

class CostBudget {
 public:
   // `cap_usd` 0: no budget (never exhausted). Not copyable; shared by a run's worker threads.
   explicit CostBudget(double cap_usd) : cap_usd_(cap_usd) {}
   CostBudget(const CostBudget &) = delete;
   CostBudget &operator=(const CostBudget &) = delete;

   // True once a cap is set and the spent sum has reached it. Thread-safe.
   [[nodiscard]] bool exhausted() const;

   // Adds a finished file's `claude.cost_usd` (nothing when the result has none: a native
   // answer, a cache hit's 0, an unknown model's null). Thread-safe.
   void charge(const report::FileResult &result);

   // What the run has spent so far, in USD. Thread-safe.
   [[nodiscard]] double spent() const;

 private:
   const double cap_usd_;
   mutable std::mutex mutex_;
   double spent_usd_ = 0;
};

// The cap of a run: the request's own when it set one (above 0), else the configured one.
double run_cost_cap(double requested_usd);

// Marks a native result as the budget's fallback: `fallback_reason: "budget-exhausted"`, in the
// typed field, appended to its text and set in its kept object. The result must have no
// fallback_reason yet (a native request's has none).
void mark_budget_exhausted(report::FileResult &result);

} // namespace pmat::app
