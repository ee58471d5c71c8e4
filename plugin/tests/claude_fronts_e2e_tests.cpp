// SPDX-License-Identifier: MIT
// End to end, Claude through every front of pmat-host: `analyze` (what a run cost, its budget,
// --require-claude), `serve` (POST /v1/analyze) and `mcp` (analyze_code). The real pmat-host
// process -> plugin -> pool -> sandboxed bridge -> real SDK -> the fake API on 127.0.0.1, which
// bills 4 characters per token and can answer 401.
#define BOOST_TEST_MODULE claude_fronts_e2e
#include <boost/test/unit_test.hpp>

#include "e2e/fake_api.hpp"
#include "serve_test_support.hpp"

#include <pmat_test/shell_run.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace pmat::test;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const char *k_usage_fields[] = {"input_tokens", "output_tokens", "cache_read_input_tokens",
                                "cache_creation_input_tokens"};

// A scratch project with `n` small C files of different content (no two share a cache entry).
struct Project {
   fs::path dir;
   explicit Project(int n) {
      std::string pattern = (fs::temp_directory_path() / "pmat-fronts-XXXXXX").string();
      BOOST_REQUIRE(::mkdtemp(pattern.data()));
      dir = pattern;
      fs::create_directories(dir / "src");
      for (int i = 0; i < n; ++i)
         std::ofstream(dir / "src" / ("f" + std::to_string(i) + ".c"))
             << "int f" << i << "(int x) {\n   if (x > " << i << ")\n      return x;\n"
             << "   return 2 * x;\n}\n";
   }
   ~Project() { fs::remove_all(dir); }
};

// The real `pmat-host <args>` in the project, with private XDG directories (a cold cache), stdin
// from `input` when given.
Run pmat_host(const Project &project, const std::string &args, const std::string &input = "") {
   const fs::path in = project.dir / ".stdin";
   std::ofstream(in) << input;
   return run_shell("cd '" + project.dir.string() + "' && XDG_CONFIG_HOME='" +
                        (project.dir / "xdg-config").string() + "' XDG_CACHE_HOME='" +
                        (project.dir / "xdg-cache").string() + "' '" PMAT_HOST_BIN "' " + args +
                        " --plugin-dir '" PMAT_TEST_PLUGIN_DIR "' <'" + in.string() + "'",
                    project.dir);
}

json::object report_of(const Run &run) {
   BOOST_TEST_INFO("stderr: " << run.err);
   return json::parse(run.out).as_object();
}

std::string fallback_of(const json::value &file) {
   const auto *reason = file.as_object().if_contains("fallback_reason");
   return reason && reason->is_string() ? std::string(reason->get_string()) : "";
}

double cost_of(const json::value &file) {
   return file.at("claude").at("cost_usd").to_number<double>();
}

} // namespace

// The JSON summary's usage is the fake API's own bill, field by field, and its cost is the sum
// of the files' costs; the text report ends with the one-line bill.
BOOST_AUTO_TEST_CASE(the_summary_totals_the_apis_usage_exactly) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   Project project(5);
   const Run run = pmat_host(project, "analyze --engine claude --quiet src");
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
   const json::object report = report_of(run);
   const auto &summary = report.at("summary").as_object();
   const json::object billed = api.usage_totals();
   BOOST_TEST(billed.at("input_tokens").to_number<std::int64_t>() > 0);
   for (const char *field : k_usage_fields)
      BOOST_TEST(summary.at("claude_usage").at(field).to_number<std::int64_t>() ==
                     billed.at(field).to_number<std::int64_t>(),
                 field);
   double costs = 0;
   for (const auto &file : report.at("files").as_array())
      costs += cost_of(file);
   BOOST_TEST(costs > 0);
   BOOST_TEST(std::abs(summary.at("claude_cost_usd").to_number<double>() - costs) < 1e-12);
   BOOST_TEST(summary.at("claude_reviewed_files").to_number<int>() == 5);
   BOOST_TEST(run.err.find("warning") == std::string::npos, run.err);

   // A second project (cold cache again) for the text form of the same bill.
   Project again(5);
   const Run text = pmat_host(again, "analyze --engine claude --quiet --format text src");
   BOOST_TEST(text.exit_code == 0, text.err);
   const std::string last_line = text.out.substr(text.out.rfind("\nClaude: 5 files, ") + 1);
   BOOST_TEST(last_line.find(" in / ") != std::string::npos, last_line);
   BOOST_TEST(last_line.find(" out tokens, $") != std::string::npos, last_line);
   BOOST_TEST(last_line.ends_with("\n"));
}

// One file at a time and a cap below one file's cost: the first file is Claude's, and every
// later file is never sent: native, marked budget-exhausted.
BOOST_AUTO_TEST_CASE(a_budget_that_runs_out_mid_run_sends_nothing_more) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   Project project(4);
   const Run run =
       pmat_host(project, "analyze --engine claude --quiet --jobs 1 --max-cost 0.000001 src");
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
   const json::object report = report_of(run);
   const auto &files = report.at("files").as_array();
   BOOST_TEST_REQUIRE(files.size() == 4u);
   BOOST_TEST(files.at(0).at("engine").as_string() == "claude");
   for (std::size_t i = 1; i < files.size(); ++i) {
      BOOST_TEST(files.at(i).at("engine").as_string() == "native");
      BOOST_TEST(fallback_of(files.at(i)) == "budget-exhausted");
   }
   BOOST_TEST(api.request_count() == 1);
   const auto &summary = report.at("summary").as_object();
   BOOST_TEST(summary.at("claude_fallbacks").at("budget-exhausted").to_number<int>() == 3);
   BOOST_TEST(std::abs(summary.at("claude_cost_usd").to_number<double>() - cost_of(files.at(0))) <
              1e-12);
   BOOST_TEST(run.err.find("pmat-host: warning: 3 files wanted Claude but got the native result; "
                           "most common reason: budget-exhausted (3)") != std::string::npos,
              run.err);

   // The same cap from the configuration key claude.max_cost_usd (its environment variable).
   ::setenv("PMAT_CLAUDE_MAX_COST_USD", "0.000001", 1);
   Project configured(3);
   const Run from_config = pmat_host(configured, "analyze --engine claude --quiet --jobs 1 src");
   ::unsetenv("PMAT_CLAUDE_MAX_COST_USD");
   const json::object configured_report = report_of(from_config);
   const auto &budgeted = configured_report.at("summary").at("claude_fallbacks");
   BOOST_TEST(budgeted.at("budget-exhausted").to_number<int>() == 2, from_config.out);
   BOOST_TEST(api.request_count() == 2);
}

// A key the API refuses: with --require-claude the run exits 5 and names each file's reason on
// stderr; without it the run still succeeds, with one warning line.
BOOST_AUTO_TEST_CASE(require_claude_with_a_refused_key_exits_5) {
   FakeApi api("unauthorized");
   ClaudeEnvironment env(api);
   ::setenv("PMAT_CLAUDE_MAX_RETRIES", "0", 1); // a refused key is final: no need to retry
   Project project(2);
   const Run required =
       pmat_host(project, "analyze --engine claude --quiet --format text --require-claude src");
   BOOST_TEST(required.exit_code == 5, required.err);
   for (const char *file : {"src/f0.c", "src/f1.c"})
      BOOST_TEST(required.err.find(std::string(file) +
                                   ": Claude required, native answered: invalid-api-key") !=
                     std::string::npos,
                 required.err);

   const Run lenient = pmat_host(project, "analyze --engine claude --quiet --format text src");
   BOOST_TEST(lenient.exit_code == 0, lenient.err);
   BOOST_TEST(lenient.err.find("pmat-host: warning: 2 files wanted Claude but got the native "
                               "result; most common reason: invalid-api-key (2)") !=
                  std::string::npos,
              lenient.err);
   ::unsetenv("PMAT_CLAUDE_MAX_RETRIES");
}

// `pmat-host serve` over an empty project, its Claude pointed at a fake API that plays
// `behaviour`.
struct ServeWithClaude {
   FakeApi api;
   ClaudeEnvironment env{api};
   Project project{0};
   pmat::serve::test::ServerProcess server{
       {"--plugin-dir", PMAT_TEST_PLUGIN_DIR, "--allow-root", project.dir.string()},
       project.dir / "xdg-config"};

   explicit ServeWithClaude(const std::string &behaviour) : api(behaviour) {}
   pmat::serve::test::Reply analyze(const std::string &body) const {
      return pmat::serve::test::http(server.port(), "POST", "/v1/analyze", body);
   }
};

// POST /v1/analyze with engine claude and a model: Claude answers through the server, the model
// reaches the API; require_claude against a refusing API is a 503 naming the reason.
BOOST_AUTO_TEST_CASE(claude_through_serve_with_a_model) {
   ServeWithClaude serve("ok");
   FakeApi &api = serve.api;
   const std::string body = R"({"content": "int g(int a) { return a ? 1 : 2; }\n", )"
                            R"("path": "g.c", "engine": "claude", "model": "claude-haiku-4-5", )"
                            R"("claude_timeout": 30, "max_output_tokens": 2048})";
   const auto reply = serve.analyze(body);
   BOOST_TEST_REQUIRE(reply.status == 200u, reply.body);
   const json::object result = json::parse(reply.body).as_object();
   BOOST_TEST(result.at("engine").as_string() == "claude", reply.body);
   BOOST_TEST(result.at("claude").at("request").at("model").as_string() == "claude-haiku-4-5");
   BOOST_TEST(api.request_count() == 1);

   api.set_default("unauthorized");
   const auto refused =
       serve.analyze(R"({"content": "int h(void) { return 3; }\n", "path": "h.c", )"
                     R"("engine": "claude", "require_claude": true})");
   BOOST_TEST(refused.status == 503u, refused.body);
   BOOST_TEST(refused.body.find("claude_unavailable") != std::string::npos, refused.body);
   BOOST_TEST(refused.body.find("invalid-api-key") != std::string::npos, refused.body);
   const auto bad = serve.analyze(R"({"content": "x", "path": "x.c", "max_cost_usd": -1})");
   BOOST_TEST(bad.status == 400u, bad.body);
}

// Every request the fake API saw, from the `from`th on, carried `text` in its system prompt;
// returns how many those were.
std::size_t requests_carrying(FakeApi &api, const std::string &text, std::size_t from = 0) {
   const auto seen = api.seen();
   for (std::size_t i = from; i < seen.size(); ++i)
      BOOST_TEST(std::string(seen.at(i).at("system").as_string()).find(text) != std::string::npos,
                 json::serialize(seen.at(i)));
   return seen.size() - std::min(from, seen.size());
}

// POST /v1/analyze carries a request's review instructions to Claude: with a diff (a modified C
// file and an added Ruby file, reviewed by Claude only) and with one buffer.
BOOST_AUTO_TEST_CASE(review_instructions_reach_claude_through_serve) {
   ServeWithClaude serve("review");
   FakeApi &api = serve.api;
   const std::string diff = "diff --git a/src/calm.c b/src/calm.c\n"
                            "--- a/src/calm.c\n"
                            "+++ b/src/calm.c\n"
                            "@@ -2 +2 @@ int calm(int x) {\n"
                            "-   return x;\n"
                            "+   return x + 1;\n"
                            "diff --git a/src/added.rb b/src/added.rb\n"
                            "new file mode 100644\n"
                            "--- /dev/null\n"
                            "+++ b/src/added.rb\n"
                            "@@ -0,0 +1,3 @@\n"
                            "+def added(x)\n"
                            "+  x * 2\n"
                            "+end\n";
   const json::object body{{"diff", diff},
                           {"files", {{"src/calm.c", "int calm(int x) {\n   return x + 1;\n}\n"}}},
                           {"engine", "claude"},
                           {"require_claude", true},
                           {"instructions", "Flag every goto statement."}};
   const auto reply = serve.analyze(json::serialize(body));
   BOOST_TEST_REQUIRE(reply.status == 200u, reply.body);
   const json::object report = json::parse(reply.body).as_object();
   BOOST_TEST(report.at("summary").at("claude_reviewed_files").to_number<int>() == 2, reply.body);
   const std::size_t diff_requests = requests_carrying(api, "Flag every goto statement.");
   BOOST_TEST(diff_requests >= 1u);

   const auto buffer =
       serve.analyze(R"({"content": "int m(int a) { return a - 1; }\n", "path": "m.c", )"
                     R"("engine": "claude", "instructions": "Name every unchecked subtraction."})");
   BOOST_TEST_REQUIRE(buffer.status == 200u, buffer.body);
   BOOST_TEST(json::parse(buffer.body).at("engine").as_string() == "claude", buffer.body);
   BOOST_TEST(requests_carrying(api, "Name every unchecked subtraction.", diff_requests) == 1u);
}

// One tools/call of `pmat-host mcp` in the project (initialize first, stdin then closed: the
// server answers what is running and exits); returns the call's result.
json::object mcp_tool_call(const Project &project, const std::string &tool,
                           const json::object &arguments) {
   const json::object call{{"jsonrpc", "2.0"},
                           {"id", 2},
                           {"method", "tools/call"},
                           {"params", {{"name", tool}, {"arguments", arguments}}}};
   const std::string input =
       R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
       R"("capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}})"
       "\n"
       R"({"jsonrpc":"2.0","method":"notifications/initialized"})"
       "\n" +
       json::serialize(call) + "\n";
   const Run run = pmat_host(project, "mcp --allow-root .", input);
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
   std::istringstream lines(run.out);
   std::string line;
   while (std::getline(lines, line)) {
      const json::value message = json::parse(line);
      if (message.as_object().contains("id") && message.at("id").to_number<int>() == 2) {
         BOOST_TEST_REQUIRE(message.as_object().contains("result"), line);
         return message.at("result").as_object();
      }
   }
   BOOST_FAIL("no answer to the tools/call: " + run.out);
   return {};
}

// The MCP tool analyze_code with engine claude: Claude's review in the structured result.
BOOST_AUTO_TEST_CASE(claude_through_mcp_analyze_code) {
   FakeApi api("ok");
   ClaudeEnvironment env(api);
   Project project(0);
   const json::object result =
       mcp_tool_call(project, "analyze_code",
                     {{"content", "int k(int a) { return a > 1 ? a : 0; }\n"},
                      {"language", "c"},
                      {"path", "k.c"},
                      {"engine", "claude"},
                      {"model", "claude-haiku-4-5"},
                      {"require_claude", true}});
   BOOST_TEST_REQUIRE(result.at("isError").as_bool() == false, json::serialize(result));
   const auto &structured = result.at("structuredContent").as_object();
   BOOST_TEST(structured.at("engine").as_string() == "claude");
   BOOST_TEST(structured.at("claude").at("request").at("model").as_string() == "claude-haiku-4-5");
   BOOST_TEST(api.request_count() == 1);
}

// analyze_path with require_claude against a refused key: the tool fails, naming a file and the
// reason, instead of handing back native results as if they were Claude's.
BOOST_AUTO_TEST_CASE(mcp_analyze_path_with_require_claude_fails_on_a_fallback) {
   FakeApi api("unauthorized");
   ClaudeEnvironment env(api);
   ::setenv("PMAT_CLAUDE_MAX_RETRIES", "0", 1);
   Project project(2);
   const json::object result = mcp_tool_call(
       project, "analyze_path", {{"path", "src"}, {"engine", "claude"}, {"require_claude", true}});
   ::unsetenv("PMAT_CLAUDE_MAX_RETRIES");
   BOOST_TEST(result.at("isError").as_bool() == true, json::serialize(result));
   const std::string text(result.at("content").at(0).at("text").as_string());
   BOOST_TEST(text.find("claude_unavailable: ") == 0u, text);
   BOOST_TEST(text.find("f0.c: ") != std::string::npos, text);
   BOOST_TEST(text.find("invalid-api-key") != std::string::npos, text);
}
