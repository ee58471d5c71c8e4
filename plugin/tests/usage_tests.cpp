// Usage and cost: a batch's tokens split over its files sum exactly to the batch; prices come
// from one table, the longest model prefix wins, and configuration overrides it field by field.
#include <boost/test/unit_test.hpp>

#include "claude/usage.hpp"

#include <numeric>

using namespace pmat::plugin::claude;

BOOST_AUTO_TEST_CASE(a_batch_split_over_its_files_sums_exactly_remainder_to_the_first) {
   const Usage total{1001, 7, 5, 0};
   const auto parts = split_usage(total, 3);
   BOOST_REQUIRE(parts.size() == 3u);
   BOOST_TEST(parts[0].input_tokens == 335u); // 333 + the remainder 2
   BOOST_TEST(parts[1].input_tokens == 333u);
   BOOST_TEST(parts[0].output_tokens == 3u);
   BOOST_TEST(parts[2].output_tokens == 2u);
   const Usage sum = std::accumulate(parts.begin(), parts.end(), Usage{},
                                     [](Usage acc, const Usage &part) { return acc += part; });
   BOOST_TEST((sum == total));
   BOOST_TEST(split_usage(total, 0).empty());
}

BOOST_AUTO_TEST_CASE(usage_reads_the_api_field_names_and_ignores_garbage) {
   const auto usage = usage_from_json({{"input_tokens", 12},
                                       {"output_tokens", 3},
                                       {"cache_read_input_tokens", "many"},
                                       {"cache_creation_input_tokens", -4}});
   BOOST_TEST((usage == Usage{12, 3, 0, 0}));
   BOOST_TEST(usage_to_json(usage).at("input_tokens").as_uint64() == 12u);
}

BOOST_AUTO_TEST_CASE(prices_come_from_the_longest_prefix_and_config_overrides_fields) {
   const auto sonnet = price_for("claude-sonnet-4-5-20250929", "");
   BOOST_REQUIRE(sonnet.has_value());
   BOOST_TEST(sonnet->input == 3.0);
   BOOST_TEST(sonnet->output == 15.0);
   BOOST_TEST(price_for("claude-opus-4-1-20250805", "")->input == 15.0);
   BOOST_TEST(price_for("claude-opus-4-5", "")->input == 5.0);
   BOOST_TEST(!price_for("gpt-5", "").has_value());
   const std::string overrides =
       R"({"claude-sonnet": {"input": 2.5}, "claude-fake": {"input": 1, "output": 2}})";
   const auto custom = price_for("claude-sonnet-5-5", overrides);
   BOOST_TEST(custom->input == 2.5);
   BOOST_TEST(custom->output == 15.0); // not overridden: the built-in value
   BOOST_TEST(price_for("claude-fake-1", overrides)->output == 2.0);
   BOOST_TEST(!prices_problem("[1]").empty());
   BOOST_TEST(prices_problem(overrides).empty());
}

BOOST_AUTO_TEST_CASE(cost_is_tokens_times_the_price_per_million) {
   const ModelPrice price{3.0, 15.0, 0.3, 3.75, 64000};
   const double cost = cost_usd(Usage{1'000'000, 100'000, 10'000, 0}, price);
   BOOST_TEST(cost == 3.0 + 1.5 + 0.003, boost::test_tools::tolerance(1e-12));
}
