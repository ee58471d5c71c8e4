// SPDX-License-Identifier: MIT
// End to end, what a user must be able to trust in Claude's answers: what they cost (usage that
// sums exactly), that an answer cut at max_tokens is never accepted, that rate limits are waited
// out rather than counted as faults. Plugin -> pool -> sandboxed bridge -> real SDK -> the fake
// API on 127.0.0.1, which cuts answers at the request's max_tokens and reports usage per answer.
#define BOOST_TEST_MODULE claude_answers_e2e
#include <boost/test/unit_test.hpp>

#include "e2e/fake_api.hpp"
#include "plugin_fixture.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

using namespace pmat::test;
using namespace std::chrono_literals;

namespace {

const char *k_source =
    "int twice(int x) {\n   if (x > 100)\n      return x;\n   return 2 * x;\n}\n";
const char *k_claude = R"({"engine": "claude", "deadline_ms": 30000})";
const char *k_usage_fields[] = {"input_tokens", "output_tokens", "cache_read_input_tokens",
                                "cache_creation_input_tokens"};

std::string text(const Outcome &outcome, const char *key) {
   const auto *value = outcome.result.as_object().if_contains(key);
   return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

// `n` files analysed at once, so that they share batches.
std::vector<Outcome> analyze_together(PluginFixture &plugin, int n, const char *options) {
   std::vector<std::future<Outcome>> calls;
   for (int i = 0; i < n; ++i)
      calls.push_back(std::async(std::launch::async, [&plugin, i, options] {
         const std::string path = "src/file" + std::to_string(i) + ".c";
         return plugin.analyze(k_source, path.c_str(), options);
      }));
   std::vector<Outcome> outcomes;
   for (auto &call : calls)
      outcomes.push_back(call.get());
   return outcomes;
}

// The value of an unlabelled series in a Prometheus exposition.
double series(const std::string &text, const std::string &name) {
   const auto at = text.find("\n" + name + " ");
   BOOST_REQUIRE_MESSAGE(at != std::string::npos, "no series " << name);
   return std::stod(text.substr(at + name.size() + 2));
}

std::string failures_series(const std::string &reason) {
   return R"(claude_bridge_failures_total{operation="analyze",reason=")" + reason + "\"}";
}

// Rewrites the flags file the way an operator's editor would: a new file renamed into place.
void write_flags(const PluginFixture &plugin, const std::string &json) {
   const auto temporary = plugin.root() / ".flags.json.new";
   std::ofstream(temporary) << json;
   std::filesystem::rename(temporary, plugin.flags_file());
   std::this_thread::sleep_for(300ms); // the plugin re-reads the file at most every 250 ms
}

std::string rollout_reason(const Outcome &outcome) {
   return std::string(outcome.result.at("rollout").at("reason").as_string());
}

// Sets an environment variable for one scope.
struct ScopedEnv {
   const char *name;
   ScopedEnv(const char *variable, const char *value) : name(variable) {
      ::setenv(variable, value, 1);
   }
   ~ScopedEnv() { ::unsetenv(name); }
};

std::int64_t batch_size(const Outcome &outcome) {
   return outcome.result.at("claude").at("request").at("batch_size").as_int64();
}

} // namespace

// Every answer's usage, split over the files of its batch, sums exactly to what the API
// reported; cost_usd is priced from the table (the default model is a claude-sonnet).
BOOST_AUTO_TEST_CASE(per_file_usage_sums_exactly_to_the_apis_usage) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin(R"({"claude": {"batch_linger_ms": 400}})");
   const auto outcomes = analyze_together(plugin, 5, k_claude);
   boost::json::object sums;
   double cost = 0;
   bool batched = false;
   for (const auto &outcome : outcomes) {
      BOOST_REQUIRE_MESSAGE(text(outcome, "engine") == "claude", outcome.error);
      const auto &review = outcome.result.at("claude").as_object();
      for (const char *field : k_usage_fields)
         sums[field] = (sums.contains(field) ? sums[field].as_int64() : 0) +
                       review.at("usage").at(field).to_number<std::int64_t>();
      cost += review.at("cost_usd").as_double();
      batched = batched || batch_size(outcome) > 1;
   }
   BOOST_TEST(batched); // at least one batch was split over several files
   const auto totals = api.usage_totals();
   for (const char *field : k_usage_fields)
      BOOST_TEST(sums.at(field).as_int64() == totals.at(field).as_int64(), field);
   const auto tokens = [&totals](const char *field) {
      return static_cast<double>(totals.at(field).as_int64());
   };
   // Sonnet's row: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million tokens (the
   // fake bills prompt caching: a later batch reads the prefix an earlier one wrote).
   BOOST_TEST(cost == (tokens("input_tokens") * 3.0 + tokens("output_tokens") * 15.0 +
                       tokens("cache_read_input_tokens") * 0.30 +
                       tokens("cache_creation_input_tokens") * 3.75) /
                          1e6,
              boost::test_tools::tolerance(1e-9));
   const auto metrics = plugin.prometheus();
   BOOST_TEST(metrics.find("pmat_claude_tokens_total{kind=\"output\"} " +
                           std::to_string(totals.at("output_tokens").as_int64())) !=
                  std::string::npos,
              metrics);
}

// A cache hit spent nothing, so its usage is zero: summing a run's results gives its spend.
BOOST_AUTO_TEST_CASE(a_cache_hit_reports_zero_usage) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   const auto first = plugin.analyze(k_source, "a.c", k_claude);
   BOOST_REQUIRE(text(first, "engine") == "claude");
   BOOST_TEST(first.result.at("claude").at("usage").at("output_tokens").as_int64() > 0);
   const auto again = plugin.analyze(k_source, "a.c", k_claude);
   BOOST_TEST(again.result.at("cache").at("claude").as_string() == "l1");
   BOOST_TEST(again.result.at("claude").at("usage").at("output_tokens").as_int64() == 0);
   BOOST_TEST(again.result.at("claude").at("cost_usd").as_double() == 0.0);
   BOOST_TEST(api.request_count() == 1);
}

// Each file's answer needs ~450 tokens and each file's budget is 300: a batch is cut at
// max_tokens, split, and its halves (the same budget for half the files) answer every file.
BOOST_AUTO_TEST_CASE(a_batch_cut_at_max_tokens_is_split_and_every_file_answered_by_claude) {
   FakeApi api("verbose:450");
   ClaudeEnvironment env(api);
   PluginFixture plugin(R"({"claude": {"batch_linger_ms": 400, "max_output_tokens": 300}})");
   const auto outcomes = analyze_together(plugin, 4, k_claude);
   std::int64_t truncated = 0;
   for (const auto &outcome : outcomes) {
      BOOST_TEST(text(outcome, "engine") == "claude", text(outcome, "fallback_reason"));
      if (text(outcome, "engine") == "claude" && batch_size(outcome) > 1)
         truncated += outcome.result.at("claude").at("request").at("truncated_attempts").as_int64();
   }
   BOOST_TEST(truncated > 0); // a shared batch was cut and split, not accepted partially
}

// One file, cut at max_tokens twice (its budget, then twice that): native, "truncated".
BOOST_AUTO_TEST_CASE(a_single_file_cut_even_with_the_larger_budget_falls_back_as_truncated) {
   FakeApi api("verbose:2000");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   const auto outcome = plugin.analyze(
       k_source, "a.c", R"({"engine": "claude", "deadline_ms": 30000, "max_output_tokens": 300})");
   BOOST_TEST(text(outcome, "engine") == "native");
   BOOST_TEST(text(outcome, "fallback_reason") == "truncated");
   BOOST_TEST(api.request_count() == 2); // asked once more with twice the budget, then given up
}

// The per-request model option reaches the API (and the answer says which model it priced).
BOOST_AUTO_TEST_CASE(the_model_option_reaches_the_api) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   const auto outcome =
       plugin.analyze(k_source, "a.c",
                      R"({"engine": "claude", "model": "claude-haiku-4-5", "timeout_ms": 30000})");
   BOOST_REQUIRE(text(outcome, "engine") == "claude");
   const auto &request = outcome.result.at("claude").at("request");
   BOOST_TEST(request.at("model").as_string() == "claude-haiku-4-5");
   const auto &usage = outcome.result.at("claude").at("usage");
   const double expected = (static_cast<double>(usage.at("input_tokens").as_int64()) * 1.0 +
                            static_cast<double>(usage.at("output_tokens").as_int64()) * 5.0) /
                           1e6;
   BOOST_TEST(outcome.result.at("claude").at("cost_usd").as_double() == expected,
              boost::test_tools::tolerance(1e-12));
}

// A 429 whose retry-after fits the deadline is waited out: Claude answers, the breaker stays
// closed, and the concurrency limit is halved, then raised again by each success (AIMD).
BOOST_AUTO_TEST_CASE(a_429_with_retry_after_is_waited_out_and_lowers_the_concurrency) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   BOOST_REQUIRE(text(plugin.analyze(k_source, "warm.c", k_claude), "engine") == "claude");
   const double capacity = series(plugin.prometheus(), "pmat_claude_concurrency_limit");
   api.script("rate_limited:1");
   const auto started = std::chrono::steady_clock::now();
   const auto outcome = plugin.analyze(k_source, "a.c", k_claude);
   const auto waited = std::chrono::steady_clock::now() - started;
   BOOST_TEST((waited >= 1s)); // the retry-after was honoured
   BOOST_TEST(text(outcome, "engine") == "claude", text(outcome, "fallback_reason"));
   BOOST_TEST(api.request_count() == 3);
   auto metrics = plugin.prometheus();
   BOOST_TEST(series(metrics, "pmat_claude_breaker_state") == 0.0);
   BOOST_TEST(series(metrics, "pmat_claude_rollback_latched") == 0.0);
   const double lowered = series(metrics, "pmat_claude_concurrency_limit");
   BOOST_TEST(lowered == capacity / 2 + 1); // halved by the 429, +1 for the answer
   for (const char *path : {"b.c", "c.c"})
      BOOST_TEST(text(plugin.analyze(k_source, path, k_claude), "engine") == "claude");
   BOOST_TEST(series(plugin.prometheus(), "pmat_claude_concurrency_limit") == lowered + 2);
}

// With a rollback policy that latches on any error ratio, a run of 429s (retry-after past the
// deadline, so each falls back "rate-limited") latches nothing; faults then do.
BOOST_AUTO_TEST_CASE(rate_limits_never_latch_the_rollback_but_faults_do) {
   FakeApi api("rate_limited:600");
   ClaudeEnvironment env(api);
   ScopedEnv no_retries("PMAT_CLAUDE_MAX_RETRIES", "0");
   ScopedEnv no_breaker("PMAT_CLAUDE_FAILURE_THRESHOLD", "1000");
   PluginFixture plugin;
   write_flags(plugin, R"({"version": 1, "claude": {"strategy": "full_rollout"},
      "rollback": {"window_ms": 300, "max_error_ratio": 0.0, "consecutive_windows": 2,
                   "min_requests": 2, "p95_latency_ms": 600000}})");
   for (int i = 0; i < 16; ++i) {
      const auto outcome = plugin.analyze(k_source, ("r" + std::to_string(i) + ".c").c_str());
      BOOST_TEST(text(outcome, "fallback_reason") == "rate-limited");
      std::this_thread::sleep_for(60ms); // spread over more than two windows
   }
   BOOST_TEST(series(plugin.prometheus(), "pmat_claude_rollback_latched") == 0.0);
   BOOST_TEST(series(plugin.prometheus(), "pmat_claude_breaker_state") == 0.0);
   BOOST_TEST(series(plugin.prometheus(), failures_series("rate-limited")) == 16.0);
   api.set_default("server_error");
   std::string reason;
   for (int i = 0; i < 100 && reason != "ROLLBACK_LATCHED"; ++i) {
      reason = rollout_reason(plugin.analyze(k_source, ("f" + std::to_string(i) + ".c").c_str()));
      std::this_thread::sleep_for(60ms);
   }
   BOOST_TEST(reason == "ROLLBACK_LATCHED"); // the same policy does latch on faults
   // The API's 500s: the code's family is upstream's WorkerCrashed, the reason says the server.
   const std::string metrics = plugin.prometheus();
   const double server_errors = series(metrics, failures_series("server-error"));
   BOOST_TEST(server_errors >= 1.0);
   BOOST_TEST(series(metrics, failures_series("bridge-error")) == 0.0);
   BOOST_TEST(series(metrics,
                     R"(claude_bridge_errors_total{operation="analyze",error="WorkerCrashed"})") ==
              server_errors);
}

// A spend limit stops sending for the rest of the run: the next file falls back at once, without
// a request to the API, and the result says why.
BOOST_AUTO_TEST_CASE(a_spend_limit_stops_sending_for_the_rest_of_the_run) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   api.script("spend_limit_429");
   const auto first = plugin.analyze(k_source, "a.c", k_claude);
   BOOST_TEST(text(first, "fallback_reason") == "quota-exceeded");
   const auto second = plugin.analyze(k_source, "b.c", k_claude);
   BOOST_TEST(text(second, "fallback_reason") == "quota-exceeded");
   const std::string message(second.result.at("claude_error").at("message").as_string());
   BOOST_TEST(message.find("stopped sending to Claude for the rest of this run") == 0u, message);
   BOOST_TEST(api.request_count() == 1);
   BOOST_TEST(series(plugin.prometheus(), "pmat_claude_quota_latched") == 1.0);
}

// A wrong key: native, "invalid-api-key", and the API saw the key once.
BOOST_AUTO_TEST_CASE(a_401_falls_back_as_invalid_api_key) {
   FakeApi api("unauthorized");
   ClaudeEnvironment env(api);
   ScopedEnv no_retries("PMAT_CLAUDE_MAX_RETRIES", "0");
   PluginFixture plugin;
   const auto outcome = plugin.analyze(k_source, "a.c", k_claude);
   BOOST_TEST(text(outcome, "engine") == "native");
   BOOST_TEST(text(outcome, "fallback_reason") == "invalid-api-key");
   BOOST_TEST(outcome.result.at("claude_error").at("code").as_int64() == 3003);
}

// The fake model reads line numbers from the numbered prompt and quotes real lines: one finding
// on its own line (kept), one 3 lines off (moved to where its quote is), one 12 lines off and
// one misquoted (dropped and counted).
BOOST_AUTO_TEST_CASE(findings_are_kept_reanchored_or_dropped_by_their_quotes) {
   FakeApi api("anchor_mix");
   ClaudeEnvironment env(api);
   PluginFixture plugin;
   std::string source;
   for (int line = 1; line <= 20; ++line)
      source += "int value_" + std::to_string(line) + " = " + std::to_string(line * 7) + ";\n";
   const auto outcome = plugin.analyze(source, "src/values.c", k_claude);
   BOOST_REQUIRE_MESSAGE(text(outcome, "engine") == "claude", text(outcome, "fallback_reason"));
   const auto &review = outcome.result.at("claude").as_object();
   const auto &findings = review.at("findings").as_array();
   BOOST_REQUIRE(findings.size() == 2u);
   BOOST_TEST(findings.at(0).at("message").as_string() == "exact");
   BOOST_TEST(findings.at(0).at("line").as_int64() == 2);
   BOOST_TEST(findings.at(1).at("message").as_string() == "three lines off");
   BOOST_TEST(findings.at(1).at("line").as_int64() == 4); // stated 7, quote on line 4
   BOOST_TEST(findings.at(1).at("end_line").as_int64() == 4);
   BOOST_TEST(findings.at(1).at("snippet").as_string() == "int value_4 = 28;");
   BOOST_TEST(review.at("dropped_findings").as_int64() == 2);
   const auto metrics = plugin.prometheus();
   BOOST_TEST(series(metrics, "pmat_claude_findings_total{outcome=\"kept\"}") == 1.0);
   BOOST_TEST(series(metrics, "pmat_claude_findings_total{outcome=\"reanchored\"}") == 1.0);
   BOOST_TEST(series(metrics, "pmat_claude_findings_total{outcome=\"dropped\"}") == 2.0);
}
