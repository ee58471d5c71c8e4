// SPDX-License-Identifier: MIT
#include <pmat/flags/env.hpp>
#include <pmat/flags/paths.hpp>

#include <boost/test/unit_test.hpp>

#include <map>

using namespace pmat::flags;

namespace {

struct Env {
   std::map<std::string, std::string> vars;
   GetEnvFn fn() {
      return [this](const char *name) -> const char * {
         const auto it = vars.find(name);
         return it == vars.end() ? nullptr : it->second.c_str();
      };
   }
};

} // namespace

BOOST_AUTO_TEST_SUITE(env)

BOOST_AUTO_TEST_CASE(pmat_names_and_upstream_names) {
   Env e;
   e.vars = {{"CLAUDE_POOL_SIZE", "6"}, {"CLAUDE_MAX_LATENCY", "1500"}};
   FlagsConfig c;
   BOOST_TEST(apply_env_overrides(c, e.fn()).empty());
   BOOST_TEST(c.pool_size == 6u);
   BOOST_TEST(c.max_latency_ms == 1500u);
   e.vars["PMAT_CLAUDE_POOL_SIZE"] = "3"; // the PMAT_ name wins
   e.vars["PMAT_CLAUDE_MAX_LATENCY_MS"] = "900";
   apply_env_overrides(c, e.fn());
   BOOST_TEST(c.pool_size == 3u);
   BOOST_TEST(c.max_latency_ms == 900u);
}

BOOST_AUTO_TEST_CASE(invalid_values_are_ignored_and_reported) {
   Env e;
   e.vars = {{"PMAT_CLAUDE_POOL_SIZE", "0"}, {"PMAT_CLAUDE_MAX_LATENCY_MS", "12ms"}};
   FlagsConfig c;
   const auto problems = apply_env_overrides(c, e.fn());
   BOOST_TEST(problems.size() == 2u);
   BOOST_TEST(c.pool_size == 4u);
   BOOST_TEST(c.max_latency_ms == 5000u);
}

BOOST_AUTO_TEST_CASE(kill_switch_env_can_only_engage) {
   Env e;
   FlagsConfig c;
   e.vars["PMAT_CLAUDE_KILL_SWITCH"] = "1";
   apply_env_overrides(c, e.fn());
   BOOST_TEST(c.kill_switch);
   e.vars["PMAT_CLAUDE_KILL_SWITCH"] = "0";
   FlagsConfig engaged;
   engaged.kill_switch = true;
   apply_env_overrides(engaged, e.fn());
   BOOST_TEST(engaged.kill_switch); // an environment never undoes the operator's stop
}

BOOST_AUTO_TEST_CASE(xdg_config_home_and_fallbacks) {
   Env e;
   e.vars = {{"HOME", "/home/u"}};
   BOOST_TEST(default_flags_path(e.fn())->string() == "/home/u/.config/pmat/flags.json");
   e.vars["XDG_CONFIG_HOME"] = "/cfg";
   BOOST_TEST(default_flags_path(e.fn())->string() == "/cfg/pmat/flags.json");
   e.vars["XDG_CONFIG_HOME"] = "rel";
   BOOST_TEST(default_flags_path(e.fn())->string() == "/home/u/.config/pmat/flags.json");
}

BOOST_AUTO_TEST_SUITE_END()
