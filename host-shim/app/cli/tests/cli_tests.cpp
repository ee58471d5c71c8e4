// SPDX-License-Identifier: MIT
// pmat-host as a user runs it: a real process, a real directory tree, exit codes and output.
#define BOOST_TEST_MODULE pmat_host_cli
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <pmat_test/git_repo.hpp>
#include <pmat_test/shell_run.hpp>

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

using pmat::test::git_in;
using pmat::test::Run;
using pmat::test::slurp;

class Tree {
 public:
   Tree() {
      std::string pattern = (fs::temp_directory_path() / "pmat-cli-test-XXXXXX").string();
      BOOST_REQUIRE(::mkdtemp(pattern.data()));
      root_ = pattern;
   }
   ~Tree() { fs::remove_all(root_); }
   void write(const std::string &relative, const std::string &content) {
      fs::create_directories((root_ / relative).parent_path());
      std::ofstream(root_ / relative) << content;
   }
   const fs::path &root() const { return root_; }

   // Runs pmat-host with `args` (a shell-quoted string) from the tree's root.
   // Runs with a private XDG configuration and cache; `env` assignments come after (and win).
   Run run(const std::string &args, std::string env = "") const {
      env = "XDG_CONFIG_HOME='" + (root_ / "xdg-config").string() + "' XDG_CACHE_HOME='" +
            (root_ / "xdg-cache").string() + "' " + env;
      return pmat::test::run_shell(
          "cd '" + root_.string() + "' && " + env + " '" PMAT_HOST_BIN "' " + args, root_);
   }

 private:
   fs::path root_;
};

const std::string k_plugins = "--plugin-dir '" PMAT_TEST_PLUGIN_DIR "' ";

std::string branchy_function(int branches) {
   std::string body = "int branchy(int x) {\n   int r = 0;\n";
   for (int i = 0; i < branches; ++i)
      body += "   if (x == " + std::to_string(i) + ")\n      r += " + std::to_string(i) + ";\n";
   return body + "   return r;\n}\n";
}

std::vector<std::string> reported_paths(const std::string &json) {
   std::vector<std::string> paths;
   const auto report = boost::json::parse(json);
   for (const auto &file : report.at("files").as_array())
      paths.emplace_back(file.at("path").as_string());
   return paths;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_directory_walk_honours_gitignore_and_keeps_only_sources) {
   Tree tree;
   tree.write("proj/.gitignore", "gen/\n*.tmp.c\n!keep.tmp.c\n");
   tree.write("proj/src/a.c", "int a(void) { return 1; }\n");
   tree.write("proj/src/b.py", "def b():\n    return 2\n");
   tree.write("proj/src/gen/skip.c", "int skip(void) { return 0; }\n");
   tree.write("proj/src/x.tmp.c", "int x;\n");
   tree.write("proj/src/keep.tmp.c", "int keep;\n");
   tree.write("proj/README.md", "# not source\n");
   tree.write("proj/.git/config", "[core]\n");
   const Run run = tree.run("analyze --quiet " + k_plugins + "proj");
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
   const std::vector<std::string> expected = {"proj/src/a.c", "proj/src/b.py",
                                              "proj/src/keep.tmp.c"};
   BOOST_TEST(reported_paths(run.out) == expected, boost::test_tools::per_element());
}

// A .gitignore that cannot be read as a file adds no rules, as with git; it never stops the walk.
BOOST_AUTO_TEST_CASE(an_unreadable_gitignore_is_no_rules) {
   Tree tree;
   tree.write("proj/src/a.c", "int a(void) { return 1; }\n");
   fs::create_directories(tree.root() / "proj" / ".gitignore"); // a directory by that name
   fs::create_directories(tree.root() / "proj" / "src" / "lib");
   fs::create_symlink("missing-target", tree.root() / "proj" / "src" / "lib" / ".gitignore");
   tree.write("proj/src/lib/b.c", "int b(void) { return 2; }\n");
   const Run run = tree.run("analyze --quiet " + k_plugins + "proj");
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
   const std::vector<std::string> expected = {"proj/src/a.c", "proj/src/lib/b.c"};
   BOOST_TEST(reported_paths(run.out) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fail_on_violation_sets_the_exit_code) {
   Tree tree;
   tree.write("complex.c", branchy_function(25));
   const Run lenient = tree.run("analyze --quiet " + k_plugins + "complex.c");
   BOOST_TEST(lenient.exit_code == 0);
   BOOST_TEST(!boost::json::parse(lenient.out).at("violations").as_array().empty());
   const Run strict = tree.run("analyze --quiet --fail-on-violation " + k_plugins + "complex.c");
   BOOST_TEST(strict.exit_code == 1);
   BOOST_TEST(!boost::json::parse(strict.out).at("gate").at("passed").as_bool());
}

BOOST_AUTO_TEST_CASE(text_and_sarif_formats) {
   Tree tree;
   tree.write("complex.c", branchy_function(25));
   const Run text = tree.run("analyze --quiet --format text " + k_plugins + "complex.c");
   BOOST_TEST(text.exit_code == 0);
   BOOST_TEST(text.out.find("complex.c") != std::string::npos);
   const Run sarif = tree.run("analyze --quiet --format sarif " + k_plugins + "complex.c");
   BOOST_TEST_REQUIRE(sarif.exit_code == 0);
   const auto log = boost::json::parse(sarif.out);
   BOOST_TEST(log.at("version").as_string() == "2.1.0");
   BOOST_TEST(!log.at("runs").at(0).at("results").as_array().empty());
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
   Tree tree;
   BOOST_TEST(tree.run("").exit_code == 2);
   BOOST_TEST(tree.run("analyze").exit_code == 2);
   BOOST_TEST(tree.run("frobnicate").exit_code == 2);
   BOOST_TEST(tree.run("analyze --format yaml x.c").exit_code == 2);
   BOOST_TEST(tree.run("analyze --no-such-flag x.c").exit_code == 2);
}

// The Claude knobs are checked before any file is read: a bad value is a usage error naming it.
BOOST_AUTO_TEST_CASE(bad_claude_knobs_exit_2_naming_the_flag) {
   Tree tree;
   tree.write("a.c", "int a(void) { return 0; }\n");
   for (const char *bad :
        {"--claude-timeout 0", "--claude-timeout -1.5", "--claude-timeout 4000",
         "--claude-timeout soon", "--max-cost -0.5", "--max-cost nan", "--max-output-tokens -3"}) {
      const Run run = tree.run("analyze " + k_plugins + bad + " a.c");
      BOOST_TEST(run.exit_code == 2, bad);
      const std::string flag = std::string(bad).substr(0, std::string(bad).find(' '));
      BOOST_TEST(run.err.find(flag.substr(2)) != std::string::npos, run.err);
   }
   const Run good = tree.run("analyze " + k_plugins +
                             "--engine native --claude-timeout 2.5 "
                             "--max-cost 0.25 --model m --require-claude a.c");
   BOOST_TEST(good.exit_code == 0, good.err); // native was asked for: nothing fell back
   BOOST_TEST(good.err.find("warning") == std::string::npos, good.err);
   const Run configured = tree.run("analyze " + k_plugins + "a.c", "PMAT_CLAUDE_MAX_COST_USD=lots");
   BOOST_TEST(configured.exit_code == 2);
   BOOST_TEST(configured.err.find("PMAT_CLAUDE_MAX_COST_USD") != std::string::npos, configured.err);
}

BOOST_AUTO_TEST_CASE(no_usable_plugin_is_a_configuration_error) {
   Tree tree;
   tree.write("a.c", "int a;\n");
   fs::create_directory(tree.root() / "empty-plugins");
   const Run run = tree.run("analyze --plugin-dir empty-plugins a.c");
   BOOST_TEST(run.exit_code == 4);
   BOOST_TEST(run.err.find("no plugin files") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_input_is_reported_and_fails_the_run) {
   Tree tree;
   tree.write("a.c", "int a;\n");
   const Run run = tree.run("analyze --quiet " + k_plugins + "a.c missing.c");
   BOOST_TEST(run.exit_code == 1);
   BOOST_TEST(run.err.find("missing.c") != std::string::npos);
   BOOST_TEST(reported_paths(run.out) == std::vector<std::string>{"a.c"});
}

// Paths may sit anywhere among the options; an option's value is never a path, whatever it
// looks like; after "--" every word is a path, even one that starts with a dash.
BOOST_AUTO_TEST_CASE(paths_and_options_mix_in_any_order) {
   Tree tree;
   for (const char *name : {"a.c", "b.c", "c.c", "-dash.c"})
      tree.write(name, "int f(void) { return 0; }\n");
   const Run run = tree.run("analyze a.c --quiet --format=json b.c " + k_plugins +
                            "--engine native c.c --profile default -- -dash.c");
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
   const std::vector<std::string> expected = {"a.c", "b.c", "c.c", "-dash.c"};
   BOOST_TEST(reported_paths(run.out) == expected, boost::test_tools::per_element());
   // An abbreviated option takes its value as the full name does (Boost's guessing, kept).
   const Run abbreviated = tree.run("analyze --qui --form text " + k_plugins + "a.c");
   BOOST_TEST(abbreviated.exit_code == 0, abbreviated.err);
   BOOST_TEST(abbreviated.out.starts_with("Files: 1 analysed"), abbreviated.out);
   // A missing value is still a usage error, and an unknown option still names itself.
   BOOST_TEST(tree.run("analyze a.c --format").exit_code == 2);
   const Run unknown = tree.run("analyze a.c --frobnicate b.c");
   BOOST_TEST(unknown.exit_code == 2);
   BOOST_TEST(unknown.err.find("frobnicate") != std::string::npos, unknown.err);
}

// A whole tree named file by file (as `find | xargs` does): every path, in the order given.
BOOST_AUTO_TEST_CASE(thousands_of_paths_are_all_analysed_in_order) {
   Tree tree;
   std::string names;
   std::vector<std::string> expected;
   for (int i = 0; i < 3000; ++i) {
      const std::string name = "f" + std::to_string(i) + ".c";
      tree.write(name, "int f" + std::to_string(i) + "(void) { return 0; }\n");
      names += " " + name;
      expected.push_back(name);
   }
   const Run run = tree.run("analyze --quiet --engine native " + k_plugins + names);
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
   BOOST_TEST(reported_paths(run.out) == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(progress_goes_to_stderr_and_never_to_stdout) {
   Tree tree;
   for (int i = 0; i < 30; ++i)
      tree.write("many/f" + std::to_string(i) + ".c", "int f(void) { return 0; }\n");
   const Run run = tree.run("analyze " + k_plugins + "many", "PMAT_PROGRESS_AFTER_MS=0");
   BOOST_TEST_REQUIRE(run.exit_code == 0);
   BOOST_TEST(run.err.find("analyzed 30/30 files") != std::string::npos);
   BOOST_TEST(reported_paths(run.out).size() == 30u);
}

BOOST_AUTO_TEST_CASE(flags_are_shown_and_edited_through_the_plugin) {
   Tree tree;
   const std::string env = "XDG_CONFIG_HOME='" + (tree.root() / "config").string() +
                           "' XDG_CACHE_HOME='" + (tree.root() / "cache").string() + "'";
   const Run shown = tree.run("flags show " + k_plugins, env);
   BOOST_TEST_REQUIRE(shown.exit_code == 0, shown.err);
   BOOST_TEST(boost::json::parse(shown.out).at("flags").at("kill_switch").as_bool() == false);
   BOOST_TEST(tree.run("flags kill on " + k_plugins, env).exit_code == 0);
   const auto file = tree.root() / "config" / "pmat" / "flags.json";
   BOOST_TEST(slurp(file).find("\"kill_switch\": true") != std::string::npos);
   const Run after = tree.run("flags show " + k_plugins, env);
   BOOST_TEST(boost::json::parse(after.out).at("flags").at("kill_switch").as_bool() == true);
   tree.write("bad.json", R"({"kill_swich": true})");
   const Run refused = tree.run("flags set bad.json " + k_plugins, env);
   BOOST_TEST(refused.exit_code == 2);
   BOOST_TEST(refused.err.find("unknown key \"kill_swich\"") != std::string::npos);
   BOOST_TEST(slurp(file).find("\"kill_switch\": true") != std::string::npos); // unchanged
   BOOST_TEST(tree.run("flags kill maybe " + k_plugins, env).exit_code == 2);
}

// A mistyped source is refused with the reason, never run with other flags; the fleet view needs
// a shared source; an unreachable Redis fails the edit with the reason and writes nothing.
BOOST_AUTO_TEST_CASE(flags_sources_are_checked_and_refusals_say_why) {
   Tree tree;
   const std::string env = "XDG_CONFIG_HOME='" + (tree.root() / "config").string() +
                           "' XDG_STATE_HOME='" + (tree.root() / "state").string() +
                           "' XDG_CACHE_HOME='" + (tree.root() / "cache").string() + "'";
   const Run typo = tree.run("flags show --source etcd://x " + k_plugins, env);
   BOOST_TEST(typo.exit_code == 4);
   BOOST_TEST(typo.err.find("flags source must be file:PATH or redis://") != std::string::npos);
   const Run file = tree.run(
       "flags show --source file:" + (tree.root() / "f.json").string() + " " + k_plugins, env);
   BOOST_TEST_REQUIRE(file.exit_code == 0, file.err);
   BOOST_TEST(boost::json::parse(file.out).at("flags").at("source").at("kind").as_string() ==
              "file");
   const Run fleet = tree.run("fleet " + k_plugins, env);
   BOOST_TEST(fleet.exit_code == 1);
   BOOST_TEST(fleet.err.find("the fleet view needs PMAT_FLAGS_SOURCE=redis://") !=
              std::string::npos);
   const Run away = tree.run("flags kill on --source redis://127.0.0.1:1/0 " + k_plugins, env);
   BOOST_TEST(away.exit_code == 1);
   BOOST_TEST(away.err.find("flags not changed: redis://127.0.0.1:1/0:") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(plugins_list_and_check) {
   Tree tree;
   const Run list = tree.run("plugins list '" PMAT_TEST_PLUGIN_DIR "'");
   BOOST_TEST(list.exit_code == 0, list.err);
   BOOST_TEST(list.out.find("dev.pmat.claude") != std::string::npos);
   BOOST_TEST(list.out.find("dev.pmat.example") != std::string::npos);
   fs::create_directory(tree.root() / "plugins");
   fs::copy_file(fs::path(PMAT_TEST_PLUGIN_DIR) / "libpmat_claude.so",
                 tree.root() / "plugins" / "libgood.so");
   tree.write("plugins/libbroken.so", "not an ELF file");
   const Run check = tree.run("plugins check plugins");
   BOOST_TEST(check.exit_code == 1);
   BOOST_TEST(check.out.find("passes init and a smoke call") != std::string::npos);
   BOOST_TEST(check.out.find("REFUSED: not a loadable plugin image: shorter than an ELF header") !=
              std::string::npos);
}

namespace {

// branchy(): cyclomatic 26 and cognitive 25, two violations of the default profile, in a file
// with a simple function.
std::string busy_file(const std::string &simple_body) {
   return branchy_function(25) + "int simple(int x) {\n   return " + simple_body + ";\n}\n";
}

// A repository whose base commit has two files with the same complex function; the working
// tree then changes the simple function of one, the complex function of the other, deletes one
// file and adds one.
void committed_then_changed(Tree &tree) {
   tree.write("src/changed_simple.c", busy_file("x"));
   tree.write("src/changed_busy.c", busy_file("x"));
   tree.write("src/untouched.c", busy_file("x"));
   tree.write("src/deleted.c", "int deleted;\n");
   git_in(tree.root(), {"init", "-q", "-b", "main"});
   git_in(tree.root(), {"add", "-A"});
   git_in(tree.root(), {"commit", "-q", "-m", "base"});
   tree.write("src/changed_simple.c", busy_file("x + 1"));
   std::string busy = busy_file("x");
   busy.replace(busy.find("r += 3;"), 7, "r += 33;");
   tree.write("src/changed_busy.c", busy);
   git_in(tree.root(), {"rm", "-q", "src/deleted.c"});
   tree.write("src/added.py", "def added():\n    return 1\n");
   git_in(tree.root(), {"add", "src/added.py"});
}

} // namespace

BOOST_AUTO_TEST_CASE(diff_reviews_the_change_and_the_gate_counts_only_changed_functions) {
   Tree tree;
   committed_then_changed(tree);
   const Run run = tree.run("analyze --quiet --diff main --fail-on-violation " + k_plugins);
   BOOST_TEST_REQUIRE(run.exit_code == 1, run.err); // busy changed in changed_busy.c
   const auto report = boost::json::parse(run.out);
   const std::vector<std::string> expected = {"src/added.py", "src/changed_busy.c",
                                              "src/changed_simple.c"};
   BOOST_TEST(reported_paths(run.out) == expected, boost::test_tools::per_element());
   const auto &gate = report.at("gate");
   BOOST_TEST(gate.at("scope").as_string() == "changed-lines");
   BOOST_TEST(gate.at("violations").to_number<int>() == 2);  // branchy in changed_busy.c
   BOOST_TEST(gate.at("not_counted").to_number<int>() == 2); // branchy in changed_simple.c
   const auto &violation = report.at("violations").at(0);
   BOOST_TEST(violation.at("file").as_string() == "src/changed_busy.c");
   BOOST_TEST(report.at("change").at("base").as_string() == "main");
   BOOST_TEST(report.at("change").at("deleted").at(0).as_string() == "src/deleted.c");
   BOOST_TEST(report.at("summary").at("violations_outside_change").to_number<int>() == 2);
   const auto &changed = report.at("files").at(2).at("changed_lines").as_array();
   BOOST_TEST(boost::json::serialize(changed) == "[[56,56]]");
}

BOOST_AUTO_TEST_CASE(a_change_that_touches_no_complex_function_passes_the_gate) {
   Tree tree;
   committed_then_changed(tree);
   const Run run = tree.run("analyze --quiet --diff main --fail-on-violation --format text " +
                            k_plugins + "src/changed_simple.c src/deleted.c");
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.out + run.err);
   BOOST_TEST(run.out.find("Change against main: 0 renamed, 1 deleted, 0 skipped") !=
              std::string::npos);
   BOOST_TEST(run.out.find("  src/deleted.c: deleted") != std::string::npos);
   BOOST_TEST(run.out.find("Quality gate (default): PASSED - 0 errors, 0 warnings; changed lines "
                           "only: 2 violations outside the change not counted") !=
              std::string::npos);
   const Run sarif = tree.run("analyze --quiet --diff main --format sarif " + k_plugins);
   const auto properties = boost::json::parse(sarif.out).at("runs").at(0).at("properties");
   BOOST_TEST(properties.at("gateScope").as_string() == "changed-lines");
   BOOST_TEST(properties.at("violationsNotCounted").to_number<int>() == 2);
   BOOST_TEST(properties.at("changeBase").as_string() == "main");
}

BOOST_AUTO_TEST_CASE(diff_renames_binary_files_and_untracked_files) {
   Tree tree;
   committed_then_changed(tree);
   git_in(tree.root(), {"mv", "src/untouched.c", "src/moved.c"});
   tree.write("logo.png", std::string("\x89PNG\0\0", 6));
   git_in(tree.root(), {"add", "logo.png"});
   tree.write("notes/new.c", "int fresh(void) { return 0; }\n");
   const Run tracked = tree.run("analyze --quiet --diff main " + k_plugins);
   BOOST_TEST_REQUIRE(tracked.exit_code == 0, tracked.err);
   const auto report = boost::json::parse(tracked.out);
   BOOST_TEST(report.at("change").at("renamed").at(0).at("to").as_string() == "src/moved.c");
   BOOST_TEST(report.at("change").at("skipped").at(0).at("reason").as_string() == "binary file");
   const auto paths = reported_paths(tracked.out);
   BOOST_TEST((std::find(paths.begin(), paths.end(), "src/moved.c") != paths.end()));
   BOOST_TEST((std::find(paths.begin(), paths.end(), "notes/new.c") == paths.end()));
   const Run untracked = tree.run("analyze --quiet --diff main --include-untracked " + k_plugins);
   const auto with_new = reported_paths(untracked.out);
   BOOST_TEST((std::find(with_new.begin(), with_new.end(), "notes/new.c") != with_new.end()));
}

BOOST_AUTO_TEST_CASE(a_bad_base_or_misused_flags_are_usage_errors) {
   Tree tree;
   committed_then_changed(tree);
   const Run bad = tree.run("analyze --quiet --diff no-such-branch " + k_plugins);
   BOOST_TEST(bad.exit_code == 2);
   BOOST_TEST(bad.err.find("'no-such-branch' is not a commit in this repository") !=
              std::string::npos);
   BOOST_TEST(tree.run("analyze --include-untracked src").exit_code == 2);
   BOOST_TEST(tree.run("analyze --min-confidence 1.5 src").exit_code == 2);
   BOOST_TEST(tree.run("analyze --fail-on-claude loud src").exit_code == 2);
   BOOST_TEST(tree.run("analyze --diff").exit_code == 2);
   const Run checked = tree.run("analyze --check-args --diff origin/main --format sarif "
                                "--min-confidence 0.7 --fail-on-claude error --emit-patch p");
   BOOST_TEST(checked.exit_code == 0, checked.err);
   BOOST_TEST(checked.out.empty());
}

BOOST_AUTO_TEST_CASE(emit_patch_without_claude_fixes_writes_an_empty_patch) {
   Tree tree;
   committed_then_changed(tree);
   tree.write("fixes.patch", "stale");
   const Run run = tree.run("analyze --quiet --diff main --emit-patch fixes.patch " + k_plugins);
   BOOST_TEST_REQUIRE(run.exit_code == 0, run.err);
   BOOST_TEST(slurp(tree.root() / "fixes.patch").empty());
}
