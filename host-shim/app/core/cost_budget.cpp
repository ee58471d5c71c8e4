// SPDX-License-Identifier: MIT
#include "cost_budget.hpp"

namespace pmat::app {

bool CostBudget::exhausted() const {
   std::lock_guard lock(mutex_);
   return cap_usd_ > 0 && spent_usd_ >= cap_usd_;
}

void CostBudget::charge(const boost::json::object &result) {
   const double cost = result_cost_usd(result);
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

double result_cost_usd(const boost::json::object &result) {
   const auto *claude = result.if_contains("claude");
   if (claude == nullptr || !claude->is_object())
      return 0;
   const auto *cost = claude->get_object().if_contains("cost_usd");
   return cost != nullptr && cost->is_number() ? cost->to_number<double>() : 0;
}

void mark_budget_exhausted(boost::json::object &result) {
   result["fallback_reason"] = "budget-exhausted";
}

} // namespace pmat::app
