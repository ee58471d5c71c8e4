// SPDX-License-Identifier: MIT
// Token-level pieces of the exposition validator: names, label sets, values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace pmat::conformance::exposition {

bool is_metric_name(std::string_view name);
bool is_label_name(std::string_view name);
// Go strconv.ParseFloat-compatible enough for exposition values: decimals, exponents, NaN, ±Inf.
std::optional<double> parse_value(std::string_view token);
bool is_timestamp(std::string_view token);

struct Sample {
   std::string name;
   std::map<std::string, std::string> labels;
   double value = 0;
};

// Parses `name{labels} value [timestamp]`; on failure returns nullopt and sets `error`.
std::optional<Sample> parse_sample(std::string_view line, std::string &error);

} // namespace pmat::conformance::exposition
