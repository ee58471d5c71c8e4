// SPDX-License-Identifier: MIT
// PoolConfig: upstream defaults, environment variables, validation.
#include <boost/test/unit_test.hpp>

#include <map>

#include <pmat/bridge/config.hpp>

using namespace pmat::bridge;

namespace {
EnvLookup env(std::map<std::string, std::string> vars) {
   return [vars = std::move(vars)](const char *name) -> std::optional<std::string> {
      auto it = vars.find(name);
      return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
   };
}
} // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(defaults_are_upstreams_bridge_config) {
   const PoolConfig c;
   BOOST_TEST(c.bridge_path == "bridge/dist/index.js");
   BOOST_TEST(c.pool_size == 10u);
   BOOST_TEST(c.failure_threshold == 5u);
   BOOST_TEST(c.init_timeout_ms == 500u);
   BOOST_TEST(c.enable_sandbox);
   BOOST_TEST(c.acquire_timeout_ms == 5000u);
   BOOST_TEST(c.breaker().window_ns == 60'000 * k_ns_per_ms);
   BOOST_TEST(c.breaker().open_ns == 30'000 * k_ns_per_ms);
   BOOST_TEST(validate(c).ok());
}

BOOST_AUTO_TEST_CASE(upstream_and_pmat_pool_size_variables) {
   auto upstream = apply_environment({}, env({{"CLAUDE_POOL_SIZE", "7"}}));
   BOOST_REQUIRE(upstream.ok());
   BOOST_TEST(upstream.value().pool_size == 7u);
   auto both =
       apply_environment({}, env({{"CLAUDE_POOL_SIZE", "7"}, {"PMAT_CLAUDE_POOL_SIZE", "3"}}));
   BOOST_REQUIRE(both.ok());
   BOOST_TEST(both.value().pool_size == 3u);
}

BOOST_AUTO_TEST_CASE(command_and_flags_from_environment) {
   auto c = apply_environment({}, env({{"PMAT_CLAUDE_NODE", "/opt/node/bin/node"},
                                       {"PMAT_CLAUDE_BRIDGE", "/srv/bridge/index.js"},
                                       {"PMAT_CLAUDE_ENABLE_SANDBOX", "false"},
                                       {"PMAT_CLAUDE_INIT_TIMEOUT_MS", "750"},
                                       {"PMAT_CLAUDE_RESPAWN_JITTER", "0.5"}}));
   BOOST_REQUIRE_MESSAGE(c.ok(), c.status().message);
   BOOST_TEST(c.value().node == "/opt/node/bin/node");
   BOOST_TEST(c.value().bridge_path == "/srv/bridge/index.js");
   BOOST_TEST(!c.value().enable_sandbox);
   BOOST_TEST(c.value().init_timeout_ms == 750u);
   BOOST_TEST(c.value().respawn_jitter == 0.5);
}

BOOST_AUTO_TEST_CASE(bad_values_name_the_variable) {
   auto c = apply_environment({}, env({{"PMAT_CLAUDE_POOL_SIZE", "ten"}}));
   BOOST_TEST(c.code() == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(c.status().message.find("PMAT_CLAUDE_POOL_SIZE") == 0u, c.status().message);
   BOOST_TEST(apply_environment({}, env({{"CLAUDE_POOL_SIZE", "101"}})).code() ==
              PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(apply_environment({}, env({{"PMAT_CLAUDE_ENABLE_SANDBOX", "maybe"}})).code() ==
              PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(apply_environment({}, env({{"PMAT_CLAUDE_RESPAWN_JITTER", "2"}})).code() ==
              PMAT_STATUS_INVALID_ARGUMENT);
}

BOOST_AUTO_TEST_CASE(settings_by_field_name) {
   PoolConfig c;
   BOOST_TEST(apply_setting(c, "min_workers", "3").ok());
   BOOST_TEST(c.min_workers == 3u);
   BOOST_TEST(apply_setting(c, "no_such_field", "1").code == PMAT_STATUS_NOT_FOUND);
   BOOST_TEST(apply_setting(c, "node", "").code == PMAT_STATUS_INVALID_ARGUMENT);
   c.min_workers = 11;
   BOOST_TEST(validate(c).code == PMAT_STATUS_INVALID_ARGUMENT);
}

BOOST_AUTO_TEST_SUITE_END()
