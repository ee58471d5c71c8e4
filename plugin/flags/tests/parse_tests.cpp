// SPDX-License-Identifier: MIT
#include <pmat/flags/parse.hpp>

#include <boost/test/unit_test.hpp>

using namespace pmat::flags;

BOOST_AUTO_TEST_SUITE(parse)

BOOST_AUTO_TEST_CASE(full_document) {
   const auto r = parse_flags_json(R"({
      "version": 1, "kill_switch": false,
      "claude": {"strategy": "percentage", "percentage": 25, "salt": "s1",
                 "allowlist": ["b", "a", "a"]},
      "limits": {"max_latency_ms": 3000, "pool_size": 8},
      "rollback": {"enabled": true, "window_ms": 10000, "max_error_ratio": 0.1,
                   "p95_latency_ms": 2000, "consecutive_windows": 2, "min_requests": 5,
                   "latched": true, "reason": "x"}})");
   BOOST_TEST_REQUIRE(r.config.has_value(), r.error);
   const FlagsConfig &c = *r.config;
   BOOST_TEST((c.strategy == Strategy::Percentage));
   BOOST_TEST(c.percentage == 25);
   BOOST_TEST(c.salt == "s1");
   BOOST_TEST(c.allowlist == (std::vector<std::string>{"a", "b"}));
   BOOST_TEST(c.max_latency_ms == 3000u);
   BOOST_TEST(c.pool_size == 8u);
   BOOST_TEST(c.rollback.window_ms == 10000u);
   BOOST_TEST(c.rollback.max_error_ratio == 0.1);
   BOOST_TEST(c.p95_threshold_ms() == 2000u);
   BOOST_TEST(c.rollback.consecutive_windows == 2u);
   BOOST_TEST(c.rollback.min_requests == 5u);
   BOOST_TEST(c.rollback_latched);
   BOOST_TEST(c.rollback_reason == "x");
}

BOOST_AUTO_TEST_CASE(defaults_from_an_empty_object) {
   const auto r = parse_flags_json("{}");
   BOOST_TEST_REQUIRE(r.config.has_value());
   BOOST_TEST(!r.config->kill_switch);
   BOOST_TEST((r.config->strategy == Strategy::Disabled));
   BOOST_TEST(r.config->max_latency_ms == 5000u);
   BOOST_TEST(r.config->p95_threshold_ms() == 5000u);
   BOOST_TEST(r.config->rollback.consecutive_windows == 3u);
   BOOST_TEST(r.config->rollback.min_requests == 20u);
}

BOOST_AUTO_TEST_CASE(percentage_is_clamped_when_parsed) {
   BOOST_TEST(parse_flags_json(R"({"claude":{"percentage":150}})").config->percentage == 100);
   BOOST_TEST(parse_flags_json(R"({"claude":{"percentage":-3}})").config->percentage == 0);
}

BOOST_AUTO_TEST_CASE(errors_name_the_key) {
   auto err = [](const char *text) { return parse_flags_json(text).error; };
   BOOST_TEST(err(R"({"kill_swich": true})") == "unknown key \"kill_swich\"");
   BOOST_TEST(err(R"({"claude": {"strategy": "half"}})").find("claude.strategy") == 0u);
   BOOST_TEST(err(R"({"claude": {"percentage": "10"}})").find("claude.percentage") == 0u);
   BOOST_TEST(err(R"({"kill_switch": "yes"})").find("kill_switch") == 0u);
   BOOST_TEST(err(R"({"version": 2})").find("version") == 0u);
   BOOST_TEST(err(R"({"rollback": {"max_error_ratio": 2}})").find("rollback.max_error_ratio") ==
              0u);
   BOOST_TEST(err(R"({"claude": {"allowlist": [1]}})").find("claude.allowlist") == 0u);
   BOOST_TEST(err("[]") == "the flags file must hold a JSON object");
   BOOST_TEST(err("{").find("not valid JSON") == 0u);
   BOOST_TEST(!parse_flags_json("").config.has_value());
}

BOOST_AUTO_TEST_CASE(to_json_round_trips) {
   FlagsConfig c;
   c.kill_switch = true;
   c.strategy = Strategy::Allowlist;
   c.allowlist = {"x", "y"};
   c.rollback_latched = true;
   c.rollback_reason = "p95";
   const auto r = parse_flags_json(to_json(c));
   BOOST_TEST_REQUIRE(r.config.has_value(), r.error);
   BOOST_TEST(to_json(*r.config) == to_json(c));
   BOOST_TEST(r.config->kill_switch);
   BOOST_TEST(r.config->allowlist == c.allowlist);
}

BOOST_AUTO_TEST_SUITE_END()
