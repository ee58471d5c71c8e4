// What Claude's answers cost, charged where the bridge's answer arrives: the batch's usage (the
// API's token counts, every attempt of the request included) split exactly over the files Claude
// answered, each file's part priced from the one price table (usage.hpp), and the run's totals
// in the metrics pmat_claude_tokens_total{kind} and pmat_claude_cost_usd_total.
#pragma once

#include "batcher.hpp"
#include "usage.hpp"

#include "metrics/registry.hpp"

#include <boost/json/object.hpp>

#include <array>
#include <string>
#include <vector>

namespace pmat::plugin::claude {

class Spend {
 public:
   // Registers the metrics. `price_overrides` is claude.prices (JSON; empty = none).
   Spend(metrics::Registry &registry, std::string price_overrides);

   // Adds "usage" and "cost_usd" to each answered outcome's answer, and the batch's totals to
   // every outcome's context; counts the totals into the metrics. `payload` is the bridge's
   // analyze answer ("model", "usage"). cost_usd is null for a model the table does not know.
   // [any-thread]
   void charge(std::vector<ItemOutcome> &outcomes, const boost::json::object &payload);

   // The output ceiling of `model`, or 0 when the table does not know it.
   std::uint32_t output_ceiling(const std::string &model) const;

 private:
   std::string price_overrides_;
   std::array<metrics::Counter *, 4> tokens_{}; // input, output, cache_read, cache_creation
   metrics::Counter *nano_usd_ = nullptr;       // pmat_claude_cost_usd_total, in 1e-9 USD
};

} // namespace pmat::plugin::claude
