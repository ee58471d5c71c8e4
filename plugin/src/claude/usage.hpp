// What a Claude answer cost: token usage under the Messages API's own field names, the per-model
// price and output-limit table (one place, dated, overridable by configuration), and the exact
// split of a batch's usage over its files.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pmat::plugin::claude {

// Token counts as the API reports them (`usage` of a Messages API answer).
struct Usage {
   std::uint64_t input_tokens = 0;
   std::uint64_t output_tokens = 0;
   std::uint64_t cache_read_input_tokens = 0;
   std::uint64_t cache_creation_input_tokens = 0;

   Usage &operator+=(const Usage &other);
   bool operator==(const Usage &other) const = default;
};

// The usage object of a bridge answer; missing or malformed fields count 0.
Usage usage_from_json(const boost::json::object &usage);
boost::json::object usage_to_json(const Usage &usage);

// A batch's usage split over `files` files so that the parts sum exactly to the whole: each
// field is divided evenly (integer division) and the remainder goes to the first file.
// `files` == 0 gives an empty vector.
std::vector<Usage> split_usage(const Usage &total, std::size_t files);

// List prices in USD per million tokens, and the model's output-token ceiling.
struct ModelPrice {
   double input = 0;
   double output = 0;
   double cache_read = 0;
   double cache_write = 0;
   std::uint32_t max_output_tokens = 0;
};

// The date the built-in table was last checked against Anthropic's published list prices.
inline constexpr const char *k_price_table_date = "2025-11-24";

// The price of `model`: the entry whose key is the longest prefix of the model name, from
// `overrides_json` (the configuration key claude.prices: {"<prefix>": {"input": 3, "output": 15,
// "cache_read": 0.3, "cache_write": 3.75, "max_output_tokens": 64000}}, each field optional,
// missing ones taken from the built-in entry) over the built-in table. nullopt for a model no
// key matches. A malformed override is ignored (the caller logs that; see prices_problem).
std::optional<ModelPrice> price_for(std::string_view model, const std::string &overrides_json);

// Why `overrides_json` is unusable, or an empty string when it is fine (or empty).
std::string prices_problem(const std::string &overrides_json);

// USD for `usage` at `price`.
double cost_usd(const Usage &usage, const ModelPrice &price);

} // namespace pmat::plugin::claude
