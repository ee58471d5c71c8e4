// SPDX-License-Identifier: MIT
// One reading of the numbers the operator's console charts and compares with the rollback
// thresholds, taken from the shim's Prometheus text exposition (the JSON rendering has no
// histogram buckets, and p95 needs them). Counters are cumulative since the plugin started.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pmat::serve::console {

struct Reading {
   std::int64_t unix_ms = 0;
   double analyses = 0;      // pmat_claude_requests_total, every engine and outcome
   double claude_ok = 0;     // claude_bridge_requests_total{status="success"}
   double claude_errors = 0; // claude_bridge_requests_total{status="error"}
   double cost_usd = 0;      // pmat_claude_cost_usd_total
   // claude_bridge_latency_seconds_bucket: (upper bound in seconds, cumulative count), ascending;
   // the +Inf bucket has bound infinity.
   std::vector<std::pair<double, double>> latency_buckets;
   // Why requests did not go to Claude (pmat_claude_flag_evaluations_total by reason) and how
   // Claude calls failed (claude_bridge_errors_total by error): label value -> count.
   std::map<std::string, double> decisions;
   std::map<std::string, double> claude_failures;
   // pmat_claude_cache_lookups_total: "tier/outcome" -> count.
   std::map<std::string, double> cache_lookups;
};

// Parses the exposition text (Prometheus 0.0.4); unknown series are ignored, malformed lines
// skipped. Never throws for bad input.
Reading read_exposition(std::string_view text, std::int64_t unix_ms);

// The value of label `name` in a series' label text (`a="x",b="y"`), "" when absent.
std::string label_value(std::string_view labels, std::string_view name);

} // namespace pmat::serve::console
