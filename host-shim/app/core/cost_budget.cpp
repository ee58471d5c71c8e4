// SPDX-License-Identifier: MIT
#include "cost_budget.hpp"

namespace pmat::app {

bool CostBudget::exhausted() const {
   std::lock_guard lock(mutex_);
   return cap_usd_ > 0 && spent_usd_ >= cap_usd_;
}

void CostBudget::charge(const report::FileResult &result) {
   const double cost = result.cost_usd();
   std::lock_guard lock(mutex_);
   spent_usd_ += cost;
}

double CostBudget::spent() const {
   std::lock_guard lock(mutex_);
   return spent_usd_;
}

double run_cost_cap(double requested_usd) {
   return requested_usd > 0 ? requested_usd : configured_max_cost_usd();
}

void mark_budget_exhausted(report::FileResult &result) {
   constexpr std::string_view k_reason = "budget-exhausted";
   result.fallback_reason = k_reason;
   report::append_member(result.text, "fallback_reason", boost::json::string_view(k_reason));
   if (result.json)
      (*result.json)["fallback_reason"] = k_reason;
}

} // namespace pmat::app
