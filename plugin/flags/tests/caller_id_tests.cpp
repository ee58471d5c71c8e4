// SPDX-License-Identifier: MIT
#include <pmat/flags/caller_id.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

using namespace pmat::flags;
namespace fs = std::filesystem;

namespace {

struct Tree {
   fs::path root = fs::temp_directory_path() / ("pmat-flags-caller-" + std::to_string(::getpid()) +
                                                "-" + std::to_string(std::random_device{}()));
   Tree() {
      fs::create_directories(root / "repo" / ".git");
      fs::create_directories(root / "repo" / "src" / "deep");
      std::ofstream(root / "repo" / "src" / "deep" / "a.rs") << "fn a() {}";
      fs::create_directories(root / "worktree" / "x");
      std::ofstream(root / "worktree" / ".git") << "gitdir: /elsewhere";
      fs::create_directories(root / "plain");
   }
   ~Tree() {
      std::error_code ec;
      fs::remove_all(root, ec);
   }
};

std::string fake_user() {
   return "user:tester";
}

} // namespace

BOOST_AUTO_TEST_SUITE(caller_id)

BOOST_AUTO_TEST_CASE(option_first) {
   Tree t;
   const CallerId c =
       resolve_caller_id("team-a", t.root / "repo" / "src" / "deep" / "a.rs", fake_user);
   BOOST_TEST(c.id == "team-a");
   BOOST_TEST((c.source == CallerId::Source::Option));
}

BOOST_AUTO_TEST_CASE(then_the_repository_root) {
   Tree t;
   const CallerId c = resolve_caller_id("", t.root / "repo" / "src" / "deep" / "a.rs", fake_user);
   BOOST_TEST(c.id == "project:" + (t.root / "repo").string());
   BOOST_TEST((c.source == CallerId::Source::Project));
   BOOST_TEST(resolve_caller_id("", t.root / "worktree" / "x", fake_user).id ==
              "project:" + (t.root / "worktree").string()); // .git file (worktree, submodule)
   BOOST_TEST(resolve_caller_id("", t.root / "repo" / "src" / "missing.rs", fake_user).id ==
              "project:" + (t.root / "repo").string());
}

BOOST_AUTO_TEST_CASE(each_directory_gets_its_own_root_in_a_row_of_files) {
   // The memory of the last directory must not leak one file's answer to the next.
   Tree t;
   std::ofstream(t.root / "plain" / "b.c") << "int b;";
   const std::string repo = "project:" + (t.root / "repo").string();
   const auto in_repo = t.root / "repo" / "src" / "deep" / "a.rs";
   BOOST_TEST(resolve_caller_id("", in_repo, fake_user).id == repo);
   BOOST_TEST(resolve_caller_id("", in_repo, fake_user).id == repo); // remembered
   if (!find_repository_root(t.root))
      BOOST_TEST(resolve_caller_id("", t.root / "plain" / "b.c", fake_user).id == "user:tester");
   BOOST_TEST(resolve_caller_id("", t.root / "repo" / "src" / "b.rs", fake_user).id == repo);
   BOOST_TEST(resolve_caller_id("", t.root / "repo" / ".git", fake_user).id == repo); // a dir
}

BOOST_AUTO_TEST_CASE(then_the_user) {
   Tree t;
   const CallerId c = resolve_caller_id("", t.root / "plain", fake_user);
   if (!find_repository_root(t.root)) { // the temp dir might itself sit inside a repository
      BOOST_TEST(c.id == "user:tester");
      BOOST_TEST((c.source == CallerId::Source::User));
   }
   BOOST_TEST(resolve_caller_id("", "", fake_user).id == "user:tester");
   const std::string real = current_user_id();
   BOOST_TEST((real.rfind("user:", 0) == 0 || real.rfind("uid:", 0) == 0));
}

BOOST_AUTO_TEST_SUITE_END()
