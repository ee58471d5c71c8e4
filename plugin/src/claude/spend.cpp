#include "spend.hpp"

#include <boost/json/value.hpp>

namespace pmat::plugin::claude {
namespace {

std::string model_of(const boost::json::object &payload) {
   const auto *model = payload.if_contains("model");
   return model && model->is_string() ? std::string(model->get_string()) : std::string();
}

Usage batch_usage(const boost::json::object &payload) {
   const auto *usage = payload.if_contains("usage");
   return usage && usage->is_object() ? usage_from_json(usage->get_object()) : Usage{};
}

boost::json::value priced(const Usage &usage, const std::optional<ModelPrice> &price) {
   if (!price)
      return nullptr;
   return cost_usd(usage, *price);
}

} // namespace

Spend::Spend(metrics::Registry &registry, std::string price_overrides)
    : price_overrides_(std::move(price_overrides)) {
   const std::string name = "pmat_claude_tokens_total";
   const std::string help = "Tokens Claude's answers consumed, by kind (the API's usage fields).";
   const char *kinds[] = {"input", "output", "cache_read", "cache_creation"};
   for (std::size_t i = 0; i < tokens_.size(); ++i)
      tokens_[i] = &registry.counter(name, help, {{"kind", kinds[i]}});
   nano_usd_ = &registry.scaled_counter(
       "pmat_claude_cost_usd_total", "USD Claude's answers cost, at the price table's list prices.",
       {}, 1e9);
}

std::uint32_t Spend::output_ceiling(const std::string &model) const {
   const auto price = price_for(model, price_overrides_);
   return price ? price->max_output_tokens : 0;
}

void Spend::charge(std::vector<ItemOutcome> &outcomes, const boost::json::object &payload) {
   const Usage total = batch_usage(payload);
   const auto price = price_for(model_of(payload), price_overrides_);
   tokens_[0]->add(total.input_tokens);
   tokens_[1]->add(total.output_tokens);
   tokens_[2]->add(total.cache_read_input_tokens);
   tokens_[3]->add(total.cache_creation_input_tokens);
   if (price)
      nano_usd_->add(static_cast<std::uint64_t>(cost_usd(total, *price) * 1e9 + 0.5));
   std::vector<ItemOutcome *> answered;
   for (auto &outcome : outcomes) {
      outcome.context["usage"] = usage_to_json(total);
      outcome.context["cost_usd"] = priced(total, price);
      if (outcome.status.ok())
         answered.push_back(&outcome);
   }
   const auto parts = split_usage(total, answered.size());
   for (std::size_t i = 0; i < answered.size(); ++i) {
      answered[i]->answer["usage"] = usage_to_json(parts[i]);
      answered[i]->answer["cost_usd"] = priced(parts[i], price);
   }
}

} // namespace pmat::plugin::claude
