// SPDX-License-Identifier: MIT
// A review of a change, end to end, as a CI job runs it: `pmat-host analyze --diff main
// --engine claude` in a real git repository, through the real plugin, its pool of sandboxed
// bridge workers and the real SDK, against the fake Anthropic API on 127.0.0.1 playing the
// "review" model (fake-anthropic.mjs: findings on and off the changed lines, a fix that applies,
// one that misquotes the file, a low-confidence guess, a repeat of a native finding).
#define BOOST_TEST_MODULE claude_review_e2e
#include <boost/test/unit_test.hpp>

#include "e2e/fake_api.hpp"

#include <pmat_test/git_repo.hpp>
#include <pmat_test/shell_run.hpp>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

using namespace pmat::test;

namespace {

// busy(): cyclomatic 13 (a native violation), lines 1-28; calm(): lines 29-31.
std::string c_file(int n, const std::string &calm_body = "x") {
   std::string text = "int busy" + std::to_string(n) + "(int x) {\n   int r = 0;\n";
   for (int i = 0; i < 12; ++i)
      text += "   if (x == " + std::to_string(i) + ")\n      r += " + std::to_string(i) + ";\n";
   return text + "   return r;\n}\nint calm" + std::to_string(n) + "(int x) {\n   return " +
          calm_body + ";\n}\n";
}

// A git repository (pmat_test/git_repo.hpp) with the shell and pmat-host run in it.
class Repo : public GitRepo {
 public:
   Repo() : GitRepo("pmat-review-e2e") {}
   // Runs `command` in the repository (a shell line, output discarded) with no user or system
   // git configuration; returns its exit code.
   int sh(const std::string &command) const {
      const std::string root_text = "'" + root().string() + "'";
      return run_shell("cd " + root_text + " && GIT_CONFIG_NOSYSTEM=1 HOME=" + root_text + " " +
                           command,
                       root())
          .exit_code;
   }
   // pmat-host with private XDG directories (the plugin's cache survives between runs); returns
   // its stdout.
   std::string pmat_host(const std::string &args, int &exit_code) const {
      const Run run = run_shell("cd '" + root().string() + "' && XDG_CONFIG_HOME='" +
                                    (root() / ".xdg-config").string() + "' XDG_CACHE_HOME='" +
                                    (root() / ".xdg-cache").string() + "' '" PMAT_HOST_BIN "' " +
                                    args + " --quiet --plugin-dir '" PMAT_TEST_PLUGIN_DIR "'",
                                root());
      exit_code = run.exit_code;
      return run.out;
   }
};

// 20 C files and the review instructions committed; then calm0 changed, busy1 changed, and a
// Ruby file added.
void committed_then_changed(const Repo &repo) {
   for (int n = 0; n < 20; ++n)
      repo.write("src/f" + std::to_string(n) + ".c", c_file(n));
   repo.write(".pmat/review.md", "# Review\nFlag any use of gets().\n");
   repo.write(".gitignore", ".xdg-*/\n.stdout\n.stderr\n");
   repo.commit_all("base");
   repo.write("src/f0.c", c_file(0, "x + 1"));
   std::string busy = c_file(1);
   busy.replace(busy.find("r += 5;"), 7, "r += 50;");
   repo.write("src/f1.c", busy);
   repo.write("src/added.rb", "def added(x)\n  x * 2\nend\n");
   repo.git({"add", "src/added.rb"});
}

std::set<std::string> paths_sent(FakeApi &api) {
   std::set<std::string> paths;
   for (const auto &request : api.seen())
      for (const auto &path : request.at("paths").as_array())
         paths.insert(std::string(path.as_string()));
   return paths;
}

const boost::json::object &file_result(const boost::json::value &report, const std::string &path) {
   for (const auto &file : report.at("files").as_array())
      if (file.at("path").as_string() == path)
         return file.as_object();
   BOOST_FAIL("no result for " + path);
   throw std::logic_error("unreachable");
}

} // namespace

BOOST_AUTO_TEST_CASE(claude_reviews_only_the_change_and_its_fixes_apply) {
   FakeApi api("review");
   ClaudeEnvironment env(api);
   Repo repo;
   committed_then_changed(repo);
   int exit_code = -1;
   const std::string json = repo.pmat_host("analyze --diff main --engine claude", exit_code);
   BOOST_REQUIRE_MESSAGE(exit_code == 0, json);
   const auto report = boost::json::parse(json);

   // Claude received exactly the three changed files, with the instructions, cache-marked.
   BOOST_TEST((paths_sent(api) == std::set<std::string>{"src/added.rb", "src/f0.c", "src/f1.c"}));
   for (const auto &request : api.seen()) {
      BOOST_TEST(std::string(request.at("system").as_string()).find("Flag any use of gets().") !=
                 std::string::npos);
      BOOST_TEST(request.at("cache_control").as_bool());
   }

   // The Ruby file: native skipped it, Claude reviewed it.
   const auto &ruby = file_result(report, "src/added.rb");
   BOOST_TEST(ruby.at("engine").as_string() == "claude");
   BOOST_TEST(ruby.at("skip_reason").as_string().starts_with("unsupported language"));
   BOOST_TEST(ruby.at("claude").at("summary").as_string() ==
              "Review of the change to src/added.rb.");

   // Findings outside the changed lines, repeats of native findings and misquoting fixes are
   // gone and counted; the low-confidence guesses are filtered by the report.
   const auto &summary = report.at("summary");
   BOOST_TEST(summary.at("claude_reviewed_files").to_number<int>() == 3);
   BOOST_TEST(summary.at("claude_filtered").at("outside_change").to_number<int>() == 2);
   BOOST_TEST(summary.at("claude_filtered").at("duplicate_native").to_number<int>() == 2);
   BOOST_TEST(summary.at("claude_filtered").at("fix_not_applicable").to_number<int>() == 3);
   BOOST_TEST(summary.at("claude_filtered").at("low_confidence").to_number<int>() == 3);
   BOOST_TEST(summary.at("claude_findings").to_number<int>() == 6); // 2 per file
   const auto &f0 = file_result(report, "src/f0.c").at("claude").at("findings").as_array();
   for (const auto &finding : f0)
      BOOST_TEST(finding.at("line").to_number<int>() == 30); // calm0's changed return

   // The gate counts busy1 (changed), not busy0 (unchanged).
   BOOST_TEST(report.at("gate").at("scope").as_string() == "changed-lines");
   for (const auto &violation : report.at("violations").as_array())
      BOOST_TEST(violation.at("file").as_string() == "src/f1.c");
   BOOST_TEST(report.at("gate").at("violations").to_number<int>() >= 1);
   BOOST_TEST(report.at("gate").at("not_counted").to_number<int>() >= 1);

   // The fixes that apply reach SARIF and a patch git accepts.
   const std::string sarif = repo.pmat_host(
       "analyze --diff main --engine claude --format sarif --emit-patch fixes.patch", exit_code);
   BOOST_REQUIRE(exit_code == 0);
   std::size_t with_fixes = 0;
   const auto log = boost::json::parse(sarif);
   for (const auto &result : log.at("runs").at(0).at("results").as_array())
      with_fixes += result.as_object().contains("fixes") ? 1 : 0;
   BOOST_TEST(with_fixes == 3u);
   BOOST_TEST(repo.sh("git apply --check fixes.patch") == 0);
   BOOST_TEST(repo.sh("grep -c '^+.* // reviewed$' fixes.patch | grep -qx 3") == 0);
}

BOOST_AUTO_TEST_CASE(the_instructions_are_part_of_the_cache_key) {
   FakeApi api("review");
   ClaudeEnvironment env(api);
   Repo repo;
   committed_then_changed(repo);
   int exit_code = -1;
   repo.pmat_host("analyze --diff main --engine claude", exit_code);
   BOOST_REQUIRE(exit_code == 0);
   const int first = api.request_count();
   BOOST_TEST(first >= 1);
   repo.pmat_host("analyze --diff main --engine claude", exit_code);
   BOOST_TEST(api.request_count() == first); // the same rules: every answer from the cache
   repo.write(".pmat/review.md", "# Review\nFlag every magic number.\n");
   repo.pmat_host("analyze --diff main --engine claude", exit_code);
   BOOST_TEST(api.request_count() > first); // new rules: reviewed again
   const auto last = api.seen().back();
   BOOST_TEST(std::string(last.at("system").as_string()).find("Flag every magic number.") !=
              std::string::npos);
}

// One file per request (batch_max_files 1, one job): the first request writes the stable prefix
// (answer tool, system prompt, instructions: 1024 tokens and more, the default model's minimum)
// to the API's prompt cache and the two others read it; the run's cost prices those reads at
// the cache-read price of the model's row (plugin/src/claude/usage.cpp: Sonnet $3 in, $15 out,
// $0.30 cache read, $3.75 cache write per million tokens).
BOOST_AUTO_TEST_CASE(a_runs_later_requests_read_the_prompt_cache_at_its_price) {
   FakeApi api("review");
   ClaudeEnvironment env(api);
   Repo repo;
   committed_then_changed(repo);
   ::setenv("PMAT_CLAUDE_BATCH_MAX_FILES", "1", 1);
   int exit_code = -1;
   const std::string json =
       repo.pmat_host("analyze --diff main --engine claude --jobs 1", exit_code);
   ::unsetenv("PMAT_CLAUDE_BATCH_MAX_FILES");
   BOOST_REQUIRE_MESSAGE(exit_code == 0, json);
   BOOST_TEST(api.request_count() == 3);
   const auto report = boost::json::parse(json);

   // Per file: exactly one request wrote the prefix; the others read all of it.
   std::int64_t written = 0, writers = 0, readers = 0;
   for (const auto &file : report.at("files").as_array()) {
      const auto &usage = file.at("claude").at("usage");
      const auto creation = usage.at("cache_creation_input_tokens").to_number<std::int64_t>();
      const auto read = usage.at("cache_read_input_tokens").to_number<std::int64_t>();
      writers += creation > 0 ? 1 : 0;
      readers += read > 0 ? 1 : 0;
      written += creation;
      BOOST_TEST((creation == 0 || read == 0));
      BOOST_TEST(
          file.at("claude").at("request").at("model").as_string().starts_with("claude-sonnet"));
   }
   BOOST_TEST(writers == 1);
   BOOST_TEST(readers == 2);
   const auto &summary = report.at("summary").as_object();
   const auto &usage = summary.at("claude_usage");
   const auto tokens = [&usage](const char *field) {
      return usage.at(field).to_number<std::int64_t>();
   };
   BOOST_TEST(tokens("cache_creation_input_tokens") == written);
   BOOST_TEST(tokens("cache_read_input_tokens") == 2 * written);
   const auto billed = api.usage_totals();
   for (const char *field :
        {"input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"})
      BOOST_TEST(tokens(field) == billed.at(field).to_number<std::int64_t>(), field);

   const double expected = (static_cast<double>(tokens("input_tokens")) * 3.0 +
                            static_cast<double>(tokens("output_tokens")) * 15.0 +
                            static_cast<double>(tokens("cache_read_input_tokens")) * 0.30 +
                            static_cast<double>(tokens("cache_creation_input_tokens")) * 3.75) /
                           1e6;
   BOOST_TEST(summary.at("claude_cost_usd").to_number<double>() == expected,
              boost::test_tools::tolerance(1e-12));
   BOOST_TEST_MESSAGE("usage " << boost::json::serialize(usage) << ", cost $" << expected);
}
