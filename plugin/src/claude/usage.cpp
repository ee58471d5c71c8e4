#include "usage.hpp"

#include <boost/json/parse.hpp>

#include <array>

namespace pmat::plugin::claude {
namespace {

struct Entry {
   const char *prefix;
   ModelPrice price;
};

// Anthropic's list prices per family (USD per million tokens: input, output, cache read, 5-minute
// cache write) and output ceilings, as of k_price_table_date. The longest matching prefix wins,
// so a model that is priced differently from its family gets its own row.
constexpr std::array<Entry, 5> k_builtin = {{
    {"claude-opus", {5.0, 25.0, 0.50, 6.25, 64000}},
    {"claude-opus-4-1", {15.0, 75.0, 1.50, 18.75, 32000}},
    {"claude-opus-4-0", {15.0, 75.0, 1.50, 18.75, 32000}},
    {"claude-sonnet", {3.0, 15.0, 0.30, 3.75, 64000}},
    {"claude-haiku", {1.0, 5.0, 0.10, 1.25, 64000}},
}};

std::uint64_t count_field(const boost::json::object &usage, const char *key) {
   const auto *value = usage.if_contains(key);
   if (value && value->is_int64() && value->get_int64() > 0)
      return static_cast<std::uint64_t>(value->get_int64());
   if (value && value->is_uint64())
      return value->get_uint64();
   return 0;
}

std::optional<boost::json::object> parse_overrides(const std::string &json) {
   if (json.empty())
      return boost::json::object{};
   boost::system::error_code ec;
   auto parsed = boost::json::parse(json, ec);
   if (ec || !parsed.is_object())
      return std::nullopt;
   return std::move(parsed.get_object());
}

void apply_number(const boost::json::object &entry, const char *key, double &field) {
   const auto *value = entry.if_contains(key);
   if (value && value->is_number())
      field = value->to_number<double>();
}

ModelPrice apply_override(ModelPrice price, const boost::json::object &entry) {
   apply_number(entry, "input", price.input);
   apply_number(entry, "output", price.output);
   apply_number(entry, "cache_read", price.cache_read);
   apply_number(entry, "cache_write", price.cache_write);
   double ceiling = price.max_output_tokens;
   apply_number(entry, "max_output_tokens", ceiling);
   price.max_output_tokens = static_cast<std::uint32_t>(ceiling);
   return price;
}

// The longest prefix of `model` among the built-in rows and the override keys.
std::string best_prefix(std::string_view model, const boost::json::object &overrides) {
   std::string best;
   const auto consider = [&](std::string_view prefix) {
      if (model.substr(0, prefix.size()) == prefix && prefix.size() > best.size())
         best = std::string(prefix);
   };
   for (const auto &entry : k_builtin)
      consider(entry.prefix);
   for (const auto &[key, value] : overrides)
      if (value.is_object())
         consider(key);
   return best;
}

} // namespace

Usage &Usage::operator+=(const Usage &other) {
   input_tokens += other.input_tokens;
   output_tokens += other.output_tokens;
   cache_read_input_tokens += other.cache_read_input_tokens;
   cache_creation_input_tokens += other.cache_creation_input_tokens;
   return *this;
}

Usage usage_from_json(const boost::json::object &usage) {
   return {count_field(usage, "input_tokens"), count_field(usage, "output_tokens"),
           count_field(usage, "cache_read_input_tokens"),
           count_field(usage, "cache_creation_input_tokens")};
}

boost::json::object usage_to_json(const Usage &usage) {
   return {{"input_tokens", usage.input_tokens},
           {"output_tokens", usage.output_tokens},
           {"cache_read_input_tokens", usage.cache_read_input_tokens},
           {"cache_creation_input_tokens", usage.cache_creation_input_tokens}};
}

std::vector<Usage> split_usage(const Usage &total, std::size_t files) {
   std::vector<Usage> parts(files);
   if (files == 0)
      return parts;
   const auto split = [&](std::uint64_t whole, std::uint64_t Usage::*field) {
      for (auto &part : parts)
         part.*field = whole / files;
      parts.front().*field += whole % files;
   };
   split(total.input_tokens, &Usage::input_tokens);
   split(total.output_tokens, &Usage::output_tokens);
   split(total.cache_read_input_tokens, &Usage::cache_read_input_tokens);
   split(total.cache_creation_input_tokens, &Usage::cache_creation_input_tokens);
   return parts;
}

std::optional<ModelPrice> price_for(std::string_view model, const std::string &overrides_json) {
   const auto overrides = parse_overrides(overrides_json).value_or(boost::json::object{});
   const std::string prefix = best_prefix(model, overrides);
   if (prefix.empty())
      return std::nullopt;
   ModelPrice price;
   for (const auto &entry : k_builtin)
      if (prefix == entry.prefix)
         price = entry.price;
   if (const auto *entry = overrides.if_contains(prefix); entry && entry->is_object())
      price = apply_override(price, entry->get_object());
   return price;
}

std::string prices_problem(const std::string &overrides_json) {
   return parse_overrides(overrides_json)
              ? std::string()
              : "claude.prices must be a JSON object of {\"<model prefix>\": {...}}";
}

double cost_usd(const Usage &usage, const ModelPrice &price) {
   const auto at = [](std::uint64_t tokens, double per_million) {
      return static_cast<double>(tokens) * per_million / 1e6;
   };
   return at(usage.input_tokens, price.input) + at(usage.output_tokens, price.output) +
          at(usage.cache_read_input_tokens, price.cache_read) +
          at(usage.cache_creation_input_tokens, price.cache_write);
}

} // namespace pmat::plugin::claude
