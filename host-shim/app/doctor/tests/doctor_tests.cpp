// SPDX-License-Identifier: MIT
// pmat-host doctor as an operator runs it: the real process with a clean environment, the build's
// plugins, node, bridge and sandbox launcher, and servers the tests start on 127.0.0.1. Each check
// is shown healthy and broken, asserting its line, its fix and the exit code.
#define BOOST_TEST_MODULE pmat_host_doctor
#include <boost/test/unit_test.hpp>

#include "doctor_test_support.hpp"
#include "redis_server.hpp"

#include <boost/json/parse.hpp>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

namespace fs = std::filesystem;
using namespace pmat::doctor::test;

namespace {

const std::string k_plugins = "--plugin-dir '" PMAT_TEST_PLUGIN_DIR "'";

// The line starting with `prefix` exists and contains every needle.
void expect_line(const Run &run, const std::string &prefix,
                 std::initializer_list<std::string> needles) {
   const std::string line = line_starting(run.out, prefix);
   BOOST_TEST_CONTEXT("output:\n" << run.out << run.err) {
      BOOST_TEST(!line.empty(), "a line starting with " << prefix);
      for (const auto &needle : needles)
         BOOST_TEST(contains(line, needle), "\"" << needle << "\" in: " << line);
   }
}

void expect_first_problem(const Run &run, const std::string &id) {
   BOOST_TEST_CONTEXT("output:\n" << run.out) {
      BOOST_TEST(contains(run.out, "\nfirst problem: \u2717 " + id + ":"));
   }
}

Env with(Env env, std::initializer_list<std::pair<const std::string, std::string>> changes) {
   for (const auto &[name, value] : changes)
      env[name] = value;
   return env;
}

Env without(Env env, std::initializer_list<std::string> names) {
   for (const auto &name : names)
      env.erase(name);
   return env;
}

fs::path plugin_dir_with(const Home &home, std::initializer_list<fs::path> files) {
   const fs::path dir = home.root() / "plugins";
   fs::create_directories(dir);
   for (const auto &file : files)
      fs::copy_file(file, dir / file.filename());
   return dir;
}

} // namespace

BOOST_AUTO_TEST_SUITE(healthy)

BOOST_AUTO_TEST_CASE(a_working_claude_setup_passes_and_never_prints_the_key) {
   const Home home;
   const Run run = home.doctor(k_plugins + " --engine claude", home.healthy_env());
   BOOST_TEST(run.exit_code == 0, run.out);
   expect_line(run, "pmat-host doctor: engine claude, Claude is asked", {"--engine claude"});
   expect_line(run, "\u2713 plugins.serving:", {"dev.pmat.claude", "would serve"});
   expect_line(run,
               "\u2713 plugins.candidate.libpmat_claude.so:", {"passes init and a smoke call"});
   expect_line(run, "\u2713 claude.key:", {"ANTHROPIC_API_KEY is set (not shown)"});
   expect_line(run, "\u2713 node.binary:", {"node"});
   expect_line(run, "\u2713 node.version:", {"satisfies the bridge's"});
   expect_line(run, "\u2713 bridge.entry:", {"dist/index.js"});
   expect_line(run, "\u2713 bridge.sdk.sdk:", {"@anthropic-ai/sdk"});
   expect_line(run, "\u2713 sandbox.dry_run:", {"node ran inside the sandbox"});
   for (const char *layer :
        {"userns", "mountns", "pidns", "netns", "egress", "filesystem", "seccomp", "no_new_privs"})
      expect_line(run, std::string("\u2713 sandbox.") + layer + ":", {"active"});
   expect_line(run, "\u2713 flags.source:", {"the defaults apply"});
   expect_line(run, "\u2713 flags.document:", {"strategy disabled, kill switch off"});
   expect_line(run, "\u2713 cache.dir:", {"not created yet"});
   expect_line(run, "\u2713 serve.admin_token:", {"not created yet"});
   BOOST_TEST(!contains(run.out, "sk-doctor-test-secret"));
   BOOST_TEST(contains(run.out, ", 0 problems in "));
   BOOST_TEST(!contains(run.out, "first problem"));
}

BOOST_AUTO_TEST_CASE(every_line_is_one_check_with_its_mark) {
   const Home home;
   const Run run = home.doctor(k_plugins, home.healthy_env());
   std::istringstream lines(run.out);
   std::string line;
   std::getline(lines, line); // the header
   std::set<std::string> ids;
   while (std::getline(lines, line) && !contains(line, " checks ok, ")) {
      const bool marked = line.rfind("\u2713 ", 0) == 0 || line.rfind("! ", 0) == 0 ||
                          line.rfind("\u2717 ", 0) == 0;
      BOOST_TEST(marked, line);
      const auto id = line.substr(line.find(' ') + 1, line.find(':') - line.find(' ') - 1);
      BOOST_TEST(ids.insert(id).second, "one line per check: " << id);
   }
   BOOST_TEST(ids.size() > 20u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(plugins)

BOOST_AUTO_TEST_CASE(no_plugin_is_a_failure_for_every_engine) {
   const Home home;
   const fs::path empty = plugin_dir_with(home, {});
   const Run run =
       home.doctor("--engine native --plugin-dir '" + empty.string() + "'", home.healthy_env());
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 plugins.dir:",
               {"holds no *.so file", "fix: install the pmat-claude-plugin package"});
   expect_line(run, "\u2717 plugins.serving:", {"no plugin would serve"});
   expect_first_problem(run, "plugins.dir");
}

BOOST_AUTO_TEST_CASE(a_wrong_abi_plugin_alone_is_refused_with_the_abi_fix) {
   const Home home;
   const fs::path dir = plugin_dir_with(home, {PMAT_WRONG_ABI_PLUGIN});
   const Run run =
       home.doctor("--engine native --plugin-dir '" + dir.string() + "'", home.healthy_env());
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 plugins.candidate.libpmat_fixture_wrong-major.so:",
               {"refused", "ABI", "fix: install a build of this plugin for plugin ABI"});
   expect_line(run, "\u2717 plugins.serving:", {"no plugin would serve"});
}

BOOST_AUTO_TEST_CASE(a_wrong_abi_plugin_beside_a_good_one_is_only_a_warning) {
   const Home home;
   const fs::path dir = plugin_dir_with(
       home, {PMAT_WRONG_ABI_PLUGIN, fs::path(PMAT_TEST_PLUGIN_DIR) / "libpmat_claude.so"});
   const Run run =
       home.doctor("--engine native --plugin-dir '" + dir.string() + "'", home.healthy_env());
   BOOST_TEST(run.exit_code == 0, run.out);
   expect_line(run, "! plugins.candidate.libpmat_fixture_wrong-major.so:", {"refused", "ABI"});
   expect_line(run, "\u2713 plugins.serving:", {"dev.pmat.claude"});
}

// The candidate's SHA-256 (what a manifest is checked against) is sha256sum's, an oracle
// independent of the doctor's own hashing.
BOOST_AUTO_TEST_CASE(a_candidates_sha256_is_the_files) {
   const Home home;
   const fs::path plugin = fs::path(PMAT_TEST_PLUGIN_DIR) / "libpmat_claude.so";
   const fs::path dir = plugin_dir_with(home, {plugin});
   const Run run = home.doctor("--engine native --format json --plugin-dir '" + dir.string() + "'",
                               home.healthy_env());
   const std::string command = "sha256sum '" + (dir / "libpmat_claude.so").string() + "'";
   std::unique_ptr<FILE, int (*)(FILE *)> pipe(::popen(command.c_str(), "r"), ::pclose);
   BOOST_REQUIRE(pipe);
   char expected[65] = {};
   BOOST_REQUIRE(std::fread(expected, 1, 64, pipe.get()) == 64u);
   std::string hash;
   const auto report = boost::json::parse(run.out);
   for (const auto &check : report.at("checks").as_array())
      if (check.at("id").as_string() == "plugins.candidate.libpmat_claude.so")
         hash = check.at("data").at("sha256").as_string();
   BOOST_TEST(hash.size() == 64u);
   BOOST_TEST(std::string(expected) == hash);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(node_and_bridge)

BOOST_AUTO_TEST_CASE(missing_node_fails_when_claude_is_asked_and_warns_otherwise) {
   const Home home;
   const Env env = with(home.healthy_env(), {{"PATH", (home.root() / "no-bin").string()}});
   const Run claude = home.doctor(k_plugins + " --engine claude", env);
   BOOST_TEST(claude.exit_code == 1);
   expect_line(claude, "\u2717 node.binary:",
               {"no node in PATH", "fix: install Node (Debian: apt install nodejs)"});
   const Run native = home.doctor(k_plugins + " --engine native", env);
   BOOST_TEST(native.exit_code == 0, native.out);
   expect_line(native, "! node.binary:", {"not needed now", "--engine native"});
}

BOOST_AUTO_TEST_CASE(a_node_older_than_the_bridge_needs_fails_with_the_range) {
   const Home home;
   const fs::path old_node = home.write("old/node", "#!/bin/sh\necho v0.10.0\n");
   fs::permissions(old_node, fs::perms::owner_all);
   const Run run = home.doctor(k_plugins + " --engine claude",
                               with(home.healthy_env(), {{"PMAT_CLAUDE_NODE", old_node.string()}}));
   BOOST_TEST(run.exit_code == 1);
   expect_line(
       run, "\u2717 node.version:",
       {"node v0.10.0 does not satisfy the bridge's", "fix: install a node that satisfies"});
}

BOOST_AUTO_TEST_CASE(a_missing_bridge_fails_with_the_build_fix) {
   const Home home;
   const Run run =
       home.doctor(k_plugins + " --engine claude",
                   with(home.healthy_env(),
                        {{"PMAT_CLAUDE_BRIDGE", (home.root() / "dist/index.js").string()}}));
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 bridge.entry:", {"no bridge at", "PMAT_CLAUDE_BRIDGE", "npm ci"});
   expect_line(run, "\u2717 bridge.sdk.sdk:", {"not installed", "npm ci"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sandbox)

BOOST_AUTO_TEST_CASE(an_unreachable_egress_endpoint_is_an_unavailable_layer) {
   const Home home;
   const Env env =
       with(home.healthy_env(), {{"ANTHROPIC_BASE_URL", "http://doctor-test.invalid:9"}});
   const Run strict = home.doctor(k_plugins + " --engine claude", env);
   BOOST_TEST(strict.exit_code == 1);
   expect_line(strict, "\u2717 sandbox.egress:",
               {"egress unavailable", "doctor-test.invalid", "refuses to start workers without it",
                "fix: make the endpoint resolvable"});
   expect_line(strict, "\u2713 sandbox.dry_run:", {"1 unavailable (egress)"});
   const Run degraded = home.doctor(k_plugins + " --engine claude",
                                    with(env, {{"PMAT_CLAUDE_SANDBOX_DEGRADED_OK", "true"}}));
   BOOST_TEST(degraded.exit_code == 0, degraded.out);
   expect_line(degraded, "! sandbox.egress:", {"workers run without it"});
   const Run required = home.doctor(k_plugins + " --engine claude",
                                    with(env, {{"PMAT_CLAUDE_SANDBOX_DEGRADED_OK", "true"},
                                               {"PMAT_CLAUDE_SANDBOX_REQUIRE", "seccomp,egress"}}));
   BOOST_TEST(required.exit_code == 1);
   expect_line(required, "\u2717 sandbox.egress:", {"claude.sandbox_require"});
}

BOOST_AUTO_TEST_CASE(a_missing_launcher_fails_with_where_it_was_looked_for) {
   const Home home;
   const std::string launcher = (home.root() / "nowhere/pmat-sandbox-exec").string();
   const Run run =
       home.doctor(k_plugins + " --engine claude",
                   with(home.healthy_env(), {{"PMAT_CLAUDE_SANDBOX_LAUNCHER", launcher}}));
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 sandbox.launcher:",
               {"no launcher at " + launcher, "fix: install pmat-claude-plugin",
                "PMAT_CLAUDE_SANDBOX_LAUNCHER"});
   BOOST_TEST(line_starting(run.out, "\u2713 sandbox.dry_run:").empty());
}

BOOST_AUTO_TEST_CASE(a_disabled_sandbox_is_a_warning_and_skips_the_dry_run) {
   const Home home;
   const Run run = home.doctor(k_plugins + " --engine claude",
                               with(home.healthy_env(), {{"PMAT_CLAUDE_ENABLE_SANDBOX", "false"}}));
   BOOST_TEST(run.exit_code == 0, run.out);
   expect_line(run, "! sandbox.enabled:",
               {"workers run unsandboxed", "fix: unset PMAT_CLAUDE_ENABLE_SANDBOX"});
   BOOST_TEST(line_starting(run.out, "\u2713 sandbox.dry_run:").empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(claude_configuration)

BOOST_AUTO_TEST_CASE(no_key_with_engine_claude_fails_first) {
   const Home home;
   const Env env = without(home.healthy_env(), {"ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"});
   const Run run = home.doctor(k_plugins + " --engine claude", env);
   BOOST_TEST(run.exit_code == 1);
   expect_line(
       run, "\u2717 claude.key:",
       {"no API key or token", "fallback_reason not-configured", "fix: export ANTHROPIC_API_KEY="});
   expect_line(run, "\u2713 claude.endpoint:", {"https://api.anthropic.com (default)"});
   expect_first_problem(run, "claude.key");
   const Run native = home.doctor(k_plugins + " --engine native", env);
   BOOST_TEST(native.exit_code == 0, native.out);
   expect_line(native, "! claude.key:", {"not needed now"});
}

BOOST_AUTO_TEST_CASE(the_model_and_an_unknown_bridge_engine) {
   const Home home;
   const Run run = home.doctor(k_plugins + " --engine claude",
                               with(home.healthy_env(), {{"PMAT_CLAUDE_MODEL", "claude-test-1"}}));
   expect_line(run, "\u2713 claude.model:", {"claude-test-1 (PMAT_CLAUDE_MODEL)", "messages-api"});
   const Run odd = home.doctor(k_plugins + " --engine claude",
                               with(home.healthy_env(), {{"PMAT_CLAUDE_ENGINE", "gpt"}}));
   expect_line(odd, "! claude.model:",
               {"PMAT_CLAUDE_ENGINE=gpt is not a bridge engine", "fix: set PMAT_CLAUDE_ENGINE"});
}

BOOST_AUTO_TEST_CASE(a_malformed_endpoint_fails) {
   const Home home;
   const Run run = home.doctor(k_plugins + " --engine claude",
                               with(home.healthy_env(), {{"ANTHROPIC_BASE_URL", "ftp://x"}}));
   BOOST_TEST(run.exit_code == 1);
   expect_line(run,
               "\u2717 claude.endpoint:", {"not an http(s) URL", "fix: set ANTHROPIC_BASE_URL"});
}

BOOST_AUTO_TEST_CASE(check_api_sends_one_request_and_reports_the_answer) {
   const Home home;
   FakeApi fake;
   const Env env = with(home.healthy_env(), {{"ANTHROPIC_BASE_URL", fake.base_url()}});
   const Run quiet = home.doctor(k_plugins + " --engine claude", env);
   BOOST_TEST(quiet.exit_code == 0, quiet.out);
   BOOST_TEST(fake.count() == 0, "no request without --check-api");
   const Run run = home.doctor(k_plugins + " --engine claude --check-api", env);
   BOOST_TEST(run.exit_code == 0, run.out);
   expect_line(run, "\u2713 claude.api:", {fake.base_url() + " answered a 1-token request"});
   BOOST_TEST(fake.count() == 1);
}

// pmat-api-probe makes the request; a pmat-host without one beside it (nor in its prefix's
// libexec/pmat, nor where this build installs it) says so and sends nothing.
BOOST_AUTO_TEST_CASE(check_api_without_the_probe_says_where_it_looked) {
   const Home home;
   FakeApi fake;
   const fs::path lonely = home.root() / "lonely" / "bin" / "pmat-host";
   fs::create_directories(lonely.parent_path());
   fs::copy_file(PMAT_HOST_BIN, lonely);
   const Run run =
       home.doctor(k_plugins + " --engine claude --check-api",
                   with(home.healthy_env(), {{"ANTHROPIC_BASE_URL", fake.base_url()}}), lonely);
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 claude.api:",
               {"no request sent", "pmat-api-probe was not found", "fix: install the pmat-host"});
   BOOST_TEST(fake.count() == 0);
}

// The probe alone: a wrong number of arguments or an endpoint that is not http(s) is a usage error.
BOOST_AUTO_TEST_CASE(the_probe_refuses_a_malformed_call) {
   const fs::path probe = fs::path(PMAT_HOST_BIN).parent_path() / "pmat-api-probe";
   for (const std::string args : {"", "only-one", "ftp://x claude-test-1"}) {
      const int status = std::system(("'" + probe.string() + "' " + args + " 2>/dev/null").c_str());
      BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 2), args);
   }
}

BOOST_AUTO_TEST_CASE(check_api_reports_refused_credentials) {
   const Home home;
   FakeApi fake("unauthorized");
   const Run run = home.doctor(k_plugins + " --engine claude --check-api",
                               with(home.healthy_env(), {{"ANTHROPIC_BASE_URL", fake.base_url()}}));
   BOOST_TEST(run.exit_code == 1);
   expect_line(
       run, "\u2717 claude.api:",
       {"refused the credentials (HTTP 401)", "invalid x-api-key", "fix: check ANTHROPIC_API_KEY"});
   BOOST_TEST(fake.count() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(flags)

BOOST_AUTO_TEST_CASE(an_unknown_key_is_the_plugins_parse_error_for_every_engine) {
   const Home home;
   home.write("config/pmat/flags.json", R"({"version": 1, "kill_swich": true})");
   const Run run = home.doctor(k_plugins + " --engine native", home.healthy_env());
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 flags.source:",
               {"the plugin rejects", "unknown key \"kill_swich\"",
                "fix: correct the file (docs/flags.md"});
   expect_first_problem(run, "flags.source");
}

BOOST_AUTO_TEST_CASE(a_json_syntax_error_says_where) {
   const Home home;
   home.write("config/pmat/flags.json", "{\"version\": 1,\n  \"kill_switch\": tru }\n");
   const Run run = home.doctor(k_plugins + " --engine native", home.healthy_env());
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 flags.source:", {"is not valid JSON", "line 2", "fix: correct"});
}

BOOST_AUTO_TEST_CASE(a_valid_rollout_is_shown_and_asks_for_claude) {
   const Home home;
   const fs::path file =
       home.write("elsewhere/flags.json",
                  R"({"version": 1, "claude": {"strategy": "percentage", "percentage": 25}})");
   const Run run =
       home.doctor(k_plugins, with(home.healthy_env(), {{"PMAT_FLAGS_FILE", file.string()}}));
   BOOST_TEST(run.exit_code == 0, run.out);
   expect_line(run, "\u2713 flags.source:", {file.string(), "(flags.file) is valid"});
   expect_line(run, "\u2713 flags.document:", {"strategy percentage 25 %, kill switch off"});
   expect_line(run, "pmat-host doctor: engine auto, Claude is asked",
               {"the flags' strategy is percentage"});
}

BOOST_AUTO_TEST_CASE(the_kill_switch_is_a_warning_and_makes_claude_unneeded) {
   const Home home;
   home.write("config/pmat/flags.json",
              R"({"version": 1, "kill_switch": true, "claude": {"strategy": "full_rollout"}})");
   const Run run = home.doctor(k_plugins, without(home.healthy_env(), {"ANTHROPIC_API_KEY"}));
   BOOST_TEST(run.exit_code == 0, run.out);
   expect_line(run, "! flags.document:", {"kill switch engaged", "fix: pmat-host flags kill off"});
   expect_line(run, "pmat-host doctor: engine auto, Claude is not asked",
               {"the kill switch is engaged"});
}

BOOST_AUTO_TEST_CASE(a_latched_rollback_is_a_warning_with_the_clear_command) {
   const Home home;
   home.write("config/pmat/flags.json",
              R"({"version": 1, "claude": {"strategy": "full_rollout"},
                  "rollback": {"latched": true, "reason": "error ratio 0.100 > 0.050"}})");
   const Run run = home.doctor(k_plugins, home.healthy_env());
   BOOST_TEST(run.exit_code == 0, run.out);
   expect_line(run, "! flags.document:",
               {"auto-rollback latched", "fix: find the cause", "pmat-host flags clear-rollback"});
   expect_line(run, "pmat-host doctor: engine auto, Claude is not asked",
               {"an auto-rollback is latched"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cache)

BOOST_AUTO_TEST_CASE(redis_down_fails_with_the_address) {
   const Home home;
   const DeadPort dead;
   const std::string address = "127.0.0.1:" + std::to_string(dead.port());
   const Run run = home.doctor(k_plugins + " --engine native",
                               with(home.healthy_env(), {{"PMAT_CACHE_REDIS", address}}));
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 cache.redis:",
               {"cannot connect to " + address, "fix: start Redis at " + address});
}

BOOST_AUTO_TEST_CASE(redis_up_answers_ping) {
   const Home home;
   pmat::cache::test::RedisServer redis;
   BOOST_REQUIRE(redis.start());
   const std::string address = "127.0.0.1:" + std::to_string(redis.port());
   const Run run = home.doctor(k_plugins + " --engine native",
                               with(home.healthy_env(), {{"PMAT_CACHE_REDIS", address}}));
   BOOST_TEST(run.exit_code == 0, run.out);
   expect_line(run, "\u2713 cache.redis:", {address + " answers PING"});
}

BOOST_AUTO_TEST_CASE(the_cache_directory_size_and_an_unusable_directory) {
   const Home home;
   home.write("cache/pmat/l2-v1/ab/entry.entry", std::string(3 * 1024 * 1024, 'x'));
   const Run run = home.doctor(k_plugins + " --engine native", home.healthy_env());
   expect_line(run, "\u2713 cache.dir:", {"writable, 3.0 MiB in"});
   const fs::path file = home.write("not-a-dir", "x");
   const Run bad = home.doctor(k_plugins + " --engine native",
                               with(home.healthy_env(), {{"PMAT_CACHE_DIR", file.string()}}));
   BOOST_TEST(bad.exit_code == 0, "a cache problem costs hits, not answers");
   expect_line(bad, "! cache.dir:", {"is not a writable directory", "fix: make"});
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(an_admin_token_others_can_read_fails_until_chmod_600) {
   const Home home;
   const fs::path token = home.write("config/pmat/admin-token", "0123456789abcdef\n");
   ::chmod(token.c_str(), 0644);
   const Run run = home.doctor(k_plugins + " --engine native", home.healthy_env());
   BOOST_TEST(run.exit_code == 1);
   expect_line(run, "\u2717 serve.admin_token:",
               {"has mode 0644", "serve refuses to start", "fix: chmod 600 " + token.string()});
   ::chmod(token.c_str(), 0600);
   const Run fixed = home.doctor(k_plugins + " --engine native", home.healthy_env());
   BOOST_TEST(fixed.exit_code == 0, fixed.out);
   expect_line(fixed, "\u2713 serve.admin_token:", {"mode 0600"});
}

BOOST_AUTO_TEST_SUITE(json_output)

BOOST_AUTO_TEST_CASE(healthy_and_broken_reports_conform_to_the_schema) {
   const Home home;
   const Run good = home.doctor(k_plugins + " --engine claude --format json", home.healthy_env());
   const fs::path empty = plugin_dir_with(home, {});
   const Run bad =
       home.doctor("--format json --plugin-dir '" + empty.string() + "'", home.healthy_env());
   const fs::path good_file = home.write("good.json", good.out);
   const fs::path bad_file = home.write("bad.json", bad.out);
   const std::string command = "'" PMAT_PYTHON "' '" PMAT_SCHEMA_CHECKER "' '" PMAT_DOCTOR_SCHEMA
                               "' '" +
                               good_file.string() + "' '" + bad_file.string() + "'";
   BOOST_TEST(std::system(command.c_str()) == 0, "python3-jsonschema validation");
   const auto good_doc = boost::json::parse(good.out).as_object();
   const auto bad_doc = boost::json::parse(bad.out).as_object();
   BOOST_TEST(good_doc.at("exit_code").as_int64() == good.exit_code);
   BOOST_TEST(good.exit_code == 0);
   BOOST_TEST(good_doc.at("first_failure").is_null());
   BOOST_TEST(bad_doc.at("exit_code").as_int64() == bad.exit_code);
   BOOST_TEST(bad_doc.at("first_failure").as_object().at("id").as_string() == "plugins.dir");
   BOOST_TEST(!contains(good.out, "sk-doctor-test-secret"));
   BOOST_TEST_MESSAGE("doctor's own measure: "
                      << good_doc.at("elapsed_ms").as_int64() << " ms healthy, "
                      << bad_doc.at("elapsed_ms").as_int64() << " ms without a plugin");
}

BOOST_AUTO_TEST_CASE(a_bad_format_or_engine_is_a_usage_error) {
   const Home home;
   BOOST_TEST(home.doctor("--format yaml", home.healthy_env()).exit_code == 2);
   BOOST_TEST(home.doctor("--engine gpt", home.healthy_env()).exit_code == 2);
   BOOST_TEST(home.doctor("--no-such-option", home.healthy_env()).exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
