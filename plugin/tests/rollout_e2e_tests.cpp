// SPDX-License-Identifier: MIT
// The cache, the rollout flags and auto-rollback on every request, through the real path: the
// plugin served by the shim, real bridge workers, and the fake Anthropic API on 127.0.0.1.
#define BOOST_TEST_MODULE rollout_e2e
#include <boost/test/unit_test.hpp>

#include "e2e/fake_api.hpp"
#include "plugin_fixture.hpp"
#include "redis_server.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

using namespace pmat::test;
using namespace std::chrono_literals;

namespace {

const char *k_source =
    "int twice(int x) {\n   if (x > 100)\n      return x;\n   return 2 * x;\n}\n";
const char *k_claude = R"({"engine": "claude", "deadline_ms": 20000})";

std::string field(const Outcome &outcome, const char *key) {
   if (!outcome.result.is_object())
      return {};
   const auto *value = outcome.result.as_object().if_contains(key);
   return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::string cache_source(const Outcome &outcome, const char *engine) {
   const auto *cache = outcome.result.as_object().if_contains("cache");
   const auto *source = cache ? cache->as_object().if_contains(engine) : nullptr;
   return source ? std::string(source->as_string()) : std::string();
}

// A cached answer is the computed one, except that it spent nothing: its usage and cost are zero
// (result-schema.md, "Cost").
bool same_review(const Outcome &hit, const Outcome &computed) {
   auto review = hit.result.at("claude").as_object();
   auto original = computed.result.at("claude").as_object();
   const bool free = review.at("usage").at("output_tokens").as_int64() == 0 &&
                     review.at("cost_usd").as_double() == 0.0;
   for (auto *object : {&review, &original}) {
      object->erase("usage");
      object->erase("cost_usd");
   }
   return free && review == original;
}

// Rewrites the flags file the way an operator's editor would: a new file renamed into place.
void write_flags(const PluginFixture &plugin, const std::string &json) {
   const auto temporary = plugin.root() / ".flags.json.new";
   std::ofstream(temporary) << json;
   std::filesystem::rename(temporary, plugin.flags_file());
}

std::uint64_t series(const std::string &text, const std::string &name) {
   const auto at = text.find("\n" + name + " ");
   BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no series " << name);
   return std::stoull(text.substr(at + name.size() + 2));
}

} // namespace

BOOST_AUTO_TEST_CASE(an_identical_request_is_a_cache_hit_and_the_api_sees_one_call) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   const auto first = plugin.analyze(k_source, "src/twice.c", k_claude);
   BOOST_REQUIRE_MESSAGE(first.status == PMAT_STATUS_OK, first.error);
   BOOST_TEST(field(first, "engine") == "claude");
   BOOST_TEST(cache_source(first, "claude") == "computed");
   const auto second = plugin.analyze(k_source, "src/twice.c", k_claude);
   BOOST_TEST(field(second, "engine") == "claude");
   BOOST_TEST(cache_source(second, "claude") == "l1");
   BOOST_TEST(cache_source(second, "native") == "l1");
   BOOST_TEST(same_review(second, first));
   BOOST_TEST(api.request_count() == 1);
   const auto metrics = plugin.prometheus();
   BOOST_TEST(series(metrics, R"(pmat_claude_cache_lookups_total{tier="l1",outcome="hit"})") >= 2u);
}

BOOST_AUTO_TEST_CASE(errors_are_never_cached) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   ::setenv("PMAT_CLAUDE_MAX_RETRIES", "0", 1);
   PluginFixture plugin;
   api.script("unauthorized");
   BOOST_TEST(field(plugin.analyze(k_source, "a.c", k_claude), "fallback_reason") ==
              "invalid-api-key");
   const auto retried = plugin.analyze(k_source, "a.c", k_claude);
   BOOST_TEST(field(retried, "engine") == "claude"); // the failure was not remembered
   BOOST_TEST(api.request_count() == 2);
   ::unsetenv("PMAT_CLAUDE_MAX_RETRIES");
}

BOOST_AUTO_TEST_CASE(a_restart_finds_the_answer_in_the_persistent_tier) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   std::filesystem::path root;
   {
      PluginFixture first_run;
      first_run.keep_directory();
      root = first_run.root();
      BOOST_REQUIRE(field(first_run.analyze(k_source, "src/twice.c", k_claude), "engine") ==
                    "claude");
   }
   PluginFixture second_run(nullptr, root);
   const auto outcome = second_run.analyze(k_source, "src/twice.c", k_claude);
   BOOST_TEST(field(outcome, "engine") == "claude");
   BOOST_TEST(cache_source(outcome, "claude") == "l2");
   BOOST_TEST(api.request_count() == 1);
}

// A real redis-server on 127.0.0.1, the fake API, and the plugin configuration naming both.
struct RedisAndApi {
   pmat::cache::test::RedisServer redis;
   FakeApi api{"ok"};
   ClaudeEnvironment env{api};
   std::string config;
   RedisAndApi() {
      BOOST_REQUIRE(redis.start());
      config = R"({"cache": {"redis": "127.0.0.1:)" + std::to_string(redis.port()) + R"("}})";
   }
};

// A fleet of CI runners shares answers through Redis: a second host, with its own in-process
// tier and its own disk tier, finds the first host's answer in Redis; the API sees one call.
BOOST_FIXTURE_TEST_CASE(a_second_host_finds_the_first_hosts_answer_in_redis, RedisAndApi) {
   PluginFixture first_runner(config.c_str());
   const auto first = first_runner.analyze(k_source, "src/twice.c", k_claude);
   BOOST_REQUIRE_MESSAGE(field(first, "engine") == "claude", first.error);
   PluginFixture second_runner(config.c_str()); // another directory: an empty disk tier
   const auto second = second_runner.analyze(k_source, "src/twice.c", k_claude);
   BOOST_TEST(field(second, "engine") == "claude");
   BOOST_TEST(cache_source(second, "claude") == "l2");
   BOOST_TEST(same_review(second, first));
   BOOST_TEST(api.request_count() == 1);
   const auto metrics = second_runner.prometheus();
   BOOST_TEST(
       series(metrics, R"(pmat_claude_cache_store_lookups_total{store="redis",outcome="hit"})") >=
       1u);
   BOOST_TEST(series(metrics,
                     R"(pmat_claude_cache_store_lookups_total{store="disk",outcome="hit"})") == 0u);
   BOOST_TEST(series(metrics, R"(pmat_claude_cache_store_available{store="redis"})") == 1u);
}

// Redis going away mid-run fails no request: answers come from L1, disk or Claude, and the
// outage shows in the store metrics.
BOOST_FIXTURE_TEST_CASE(a_redis_outage_fails_no_request, RedisAndApi) {
   PluginFixture plugin(config.c_str());
   BOOST_REQUIRE(field(plugin.analyze(k_source, "src/twice.c", k_claude), "engine") == "claude");
   redis.stop();
   const auto cached = plugin.analyze(k_source, "src/twice.c", k_claude);
   BOOST_TEST(cached.status == PMAT_STATUS_OK);
   BOOST_TEST(cache_source(cached, "claude") == "l1");
   const std::string other = "int thrice(int x) {\n   return 3 * x;\n}\n";
   for (int i = 0; i < 3; ++i) {
      const auto fresh = plugin.analyze(other + std::string(static_cast<std::size_t>(i), '\n'),
                                        "src/thrice.c", k_claude);
      BOOST_TEST(fresh.status == PMAT_STATUS_OK);
      BOOST_TEST(field(fresh, "engine") == "claude");
   }
   BOOST_TEST(api.request_count() == 4);
   const auto metrics = plugin.prometheus();
   BOOST_TEST(series(metrics, R"(pmat_claude_cache_store_available{store="redis"})") == 0u);
   BOOST_TEST(series(metrics, R"(pmat_claude_cache_store_outages_total{store="redis"})") == 1u);
}

BOOST_AUTO_TEST_CASE(the_kill_switch_stops_calls_to_the_api_within_a_second) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   BOOST_REQUIRE(field(plugin.analyze(k_source, "a0.c", k_claude), "engine") == "claude");
   write_flags(plugin, R"({"version": 1, "kill_switch": true})");
   const auto engaged = std::chrono::steady_clock::now();
   Outcome outcome;
   for (int i = 1; field(outcome, "fallback_reason") != "kill-switch"; ++i) {
      BOOST_REQUIRE_MESSAGE(std::chrono::steady_clock::now() - engaged < 1s,
                            "the kill switch took more than 1 s");
      outcome = plugin.analyze(k_source, ("a" + std::to_string(i) + ".c").c_str(), k_claude);
      BOOST_REQUIRE(outcome.status == PMAT_STATUS_OK);
   }
   const int calls = api.request_count();
   for (int i = 0; i < 5; ++i) {
      const auto later =
          plugin.analyze(k_source, ("b" + std::to_string(i) + ".c").c_str(), k_claude);
      BOOST_TEST(field(later, "engine") == "native"); // even an explicit --engine claude
      BOOST_TEST(field(later, "fallback_reason") == "kill-switch");
   }
   BOOST_TEST(api.request_count() == calls);
   BOOST_TEST(plugin.prometheus().find("pmat_claude_kill_switch 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_latency_breach_rolls_back_to_native_and_latches) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   // Every Claude answer takes longer than 1 ms, so every window breaches the p95 SLO.
   write_flags(plugin, R"({"version": 1, "claude": {"strategy": "full_rollout"},
      "rollback": {"window_ms": 300, "p95_latency_ms": 1, "consecutive_windows": 2,
                   "min_requests": 2}})");
   // No wait for the re-read (at most every 250 ms): the loop runs until the latch, at least 4 s.
   std::string reason;
   for (int i = 0; i < 200 && reason != "ROLLBACK_LATCHED"; ++i) {
      const auto outcome = plugin.analyze(k_source, ("r" + std::to_string(i) + ".c").c_str());
      reason = std::string(outcome.result.at("rollout").at("reason").as_string());
      std::this_thread::sleep_for(20ms);
   }
   BOOST_REQUIRE_EQUAL(reason, "ROLLBACK_LATCHED");
   const int calls = api.request_count();
   const auto after = plugin.analyze(k_source, "after.c");
   BOOST_TEST(field(after, "engine") == "native");
   BOOST_TEST(api.request_count() == calls);
   const auto metrics = plugin.prometheus();
   BOOST_TEST(series(metrics, "pmat_claude_rollbacks_total") == 1u);
   BOOST_TEST(series(metrics, "pmat_claude_rollback_latched") == 1u);
   std::ifstream file(plugin.flags_file());
   const std::string text((std::istreambuf_iterator<char>(file)), {});
   BOOST_TEST(text.find("\"latched\": true") != std::string::npos, text); // survives a restart
}

BOOST_AUTO_TEST_CASE(the_exposition_passes_promtool) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   BOOST_REQUIRE(plugin.analyze(k_source, "a.c", k_claude).status == PMAT_STATUS_OK);
   BOOST_REQUIRE(plugin.analyze(k_source, "a.c").status == PMAT_STATUS_OK);
   const auto path = plugin.root() / "metrics.prom";
   std::ofstream(path) << plugin.prometheus();
   const std::string command = "promtool check metrics < '" + path.string() + "' 2>&1";
   FILE *pipe = ::popen(command.c_str(), "r");
   BOOST_REQUIRE(pipe);
   std::string output;
   for (char buffer[256]; std::fgets(buffer, sizeof buffer, pipe);)
      output += buffer;
   const int status = ::pclose(pipe);
   BOOST_TEST(status == 0, "promtool: " << output);
   BOOST_TEST(output.empty(), "promtool lint: " << output);
}
