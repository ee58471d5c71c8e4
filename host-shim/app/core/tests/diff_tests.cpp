// SPDX-License-Identifier: MIT
// The unified-diff reader over diffs as git and diff(1) write them, and the git change set over
// real repositories that each test makes.
#define BOOST_TEST_MODULE host_app_diff
#include <boost/test/unit_test.hpp>

#include <core/change_set.hpp>
#include <core/unified_diff.hpp>

#include <pmat_test/git_repo.hpp>

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace pmat::app;
using pmat::report::LineSpan;

namespace {

// What `git diff -M -U0` prints for a modified file (a changed line and a line added at an end
// without a newline), an added binary file, a rename and a pure deletion.
const std::string k_git_diff = R"(diff --git a/bin.dat b/bin.dat
new file mode 100644
index 0000000..bdc955b
Binary files /dev/null and b/bin.dat differ
diff --git a/sp ace.c b/sp ace.c
index de98044..f8f7a32 100644
--- a/sp ace.c	
+++ b/sp ace.c	
@@ -2 +2 @@ a
-b
+B
@@ -3,0 +4 @@ c
+d
\ No newline at end of file
diff --git a/t.txt "b/t\303\251.txt"
similarity index 100%
rename from t.txt
rename to "t\303\251.txt"
diff --git a/gone.c b/gone.c
deleted file mode 100644
index 1111111..0000000
--- a/gone.c
+++ /dev/null
@@ -1,2 +0,0 @@
-int gone;
-int gone2;
diff --git a/mid.c b/mid.c
index 1..2 100644
--- a/mid.c
+++ b/mid.c
@@ -5,2 +4,0 @@ int f(void) {
-   x();
-   y();
diff --git a/lib/sub b/lib/sub
index 3333333..4444444 160000
--- a/lib/sub
+++ b/lib/sub
@@ -1 +1 @@
-Subproject commit 3333333333333333333333333333333333333333
+Subproject commit 4444444444444444444444444444444444444444
)";

} // namespace

BOOST_AUTO_TEST_CASE(a_git_diff_reads_as_one_entry_per_file) {
   const auto files = parse_unified_diff(k_git_diff);
   BOOST_REQUIRE(files.size() == 6U);
   BOOST_TEST((files[0].change == FileChange::Added));
   BOOST_TEST(files[0].binary);
   BOOST_TEST(files[0].path() == "bin.dat");

   BOOST_TEST((files[1].change == FileChange::Modified));
   BOOST_TEST(files[1].path() == "sp ace.c"); // git's trailing tab after a path with a space
   BOOST_TEST((files[1].changed == std::vector<LineSpan>{{2, 2}, {4, 4}}));

   BOOST_TEST((files[2].change == FileChange::Renamed));
   BOOST_TEST(files[2].old_path == "t.txt");
   BOOST_TEST(files[2].new_path == "t\xc3\xa9.txt");
   BOOST_TEST(files[2].changed.empty());

   BOOST_TEST((files[3].change == FileChange::Deleted));
   BOOST_TEST(files[3].path() == "gone.c");

   // A pure deletion marks the line before it: line 4 of the new text, still inside f.
   BOOST_TEST((files[4].changed == std::vector<LineSpan>{{4, 4}}));

   BOOST_TEST(files[5].submodule);
}

BOOST_AUTO_TEST_CASE(an_added_file_is_rebuilt_from_the_diff_alone) {
   const auto files = parse_unified_diff("diff --git a/new.py b/new.py\n"
                                         "new file mode 100644\n"
                                         "--- /dev/null\n"
                                         "+++ b/new.py\n"
                                         "@@ -0,0 +1,2 @@\n"
                                         "+def f():\n"
                                         "+    return 1\n"
                                         "\\ No newline at end of file\n");
   BOOST_REQUIRE(files.size() == 1U);
   BOOST_TEST((files[0].change == FileChange::Added));
   BOOST_TEST(files[0].added_text == "def f():\n    return 1");
   BOOST_TEST((files[0].changed == std::vector<LineSpan>{{1, 2}}));
   BOOST_TEST(check_new_content(files[0], files[0].added_text).empty());
}

BOOST_AUTO_TEST_CASE(a_plain_diff_u_loses_its_first_path_component_and_timestamps) {
   const auto files = parse_unified_diff("Only in new: extra.c\n"
                                         "diff -ruN old/src/a.c new/src/a.c\n"
                                         "--- old/src/a.c\t2024-01-01 10:00:00.000000000 +0000\n"
                                         "+++ new/src/a.c\t2024-01-02 10:00:00.000000000 +0000\n"
                                         "@@ -1,3 +1,3 @@\n"
                                         " int a;\n"
                                         "-int b;\n"
                                         "+int c;\n"
                                         " int d;\n");
   BOOST_REQUIRE(files.size() == 1U);
   BOOST_TEST(files[0].path() == "src/a.c");
   BOOST_TEST((files[0].change == FileChange::Modified));
   BOOST_TEST((files[0].changed == std::vector<LineSpan>{{2, 2}}));
   BOOST_TEST(check_new_content(files[0], "int a;\nint c;\nint d;\n").empty());
   BOOST_TEST(check_new_content(files[0], "int a;\nint b;\nint d;\n") ==
              "line 2 of the content of 'src/a.c' is not the line the diff shows there");
}

BOOST_AUTO_TEST_CASE(a_malformed_diff_names_the_line_where_reading_stopped) {
   BOOST_TEST(parse_unified_diff("").empty());
   BOOST_TEST(parse_unified_diff("just some text\n").empty());
   try {
      parse_unified_diff("--- a/x.c\n+++ b/x.c\n@@ -1 +1,2 @@\n-a\n+b\n");
      BOOST_FAIL("a hunk shorter than its header was accepted");
   } catch (const DiffError &e) {
      BOOST_TEST(e.line == 5U);
      BOOST_TEST(std::string(e.what()).find("ends inside a hunk") != std::string::npos);
   }
   try {
      parse_unified_diff("--- a/x.c\n+++ b/x.c\n@@ -1 +one @@\n");
      BOOST_FAIL("a bad hunk header was accepted");
   } catch (const DiffError &e) {
      BOOST_TEST(e.line == 3U);
   }
   BOOST_CHECK_THROW(parse_unified_diff("@@ -1 +1 @@\n-a\n+b\n"), DiffError);
   BOOST_CHECK_THROW(parse_unified_diff("--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n*a\n"), DiffError);
}

BOOST_AUTO_TEST_CASE(a_change_set_lists_what_it_does_not_analyse) {
   const ChangeSet change = change_set_of(parse_unified_diff(k_git_diff), "main");
   BOOST_TEST(change.scope.base == "main");
   BOOST_TEST(change.scope.deleted == std::vector<std::string>{"gone.c"});
   BOOST_REQUIRE(change.scope.skipped.size() == 2U);
   BOOST_TEST(change.scope.skipped[0].path == "bin.dat");
   BOOST_TEST(change.scope.skipped[0].reason == "binary file");
   BOOST_TEST(change.scope.skipped[1].path == "lib/sub");
   BOOST_TEST(change.scope.skipped[1].reason == "submodule");
   BOOST_REQUIRE(change.scope.renamed.size() == 1U);
   BOOST_TEST(change.scope.renamed[0].to == "t\xc3\xa9.txt");
   BOOST_REQUIRE(change.files.size() == 3U); // sp ace.c, té.txt, mid.c
   BOOST_TEST(change.files[1].diff.path() == "t\xc3\xa9.txt");
}

namespace {

// A real git repository (pmat_test/git_repo.hpp). git_change_set runs git with this process's
// environment: it too gets no user or system configuration.
struct Repo : pmat::test::GitRepo {
   Repo() : GitRepo("pmat-diff-test") {
      ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
      ::setenv("HOME", root().c_str(), 1);
   }
};

const ChangedFile *find(const ChangeSet &change, const std::string &path) {
   for (const auto &file : change.files)
      if (file.diff.path() == path)
         return &file;
   return nullptr;
}

} // namespace

BOOST_AUTO_TEST_CASE(git_change_set_reads_staged_unstaged_renamed_deleted_and_binary_files) {
   Repo repo;
   repo.write("src/a.c", "int a(void) {\n   return 1;\n}\n");
   repo.write("src/b.c", "int b;\n");
   repo.write("src/old_name.c", "int keep(void) {\n   return 7;\n}\n");
   repo.write("gone.c", "int gone;\n");
   repo.write("other/c.c", "int c;\n");
   repo.commit_all("base");
   repo.write("src/a.c", "int a(void) {\n   return 2;\n}\n"); // unstaged
   repo.write("src/b.c", "int b;\nint b2;\n");
   repo.git({"add", "src/b.c"}); // staged
   repo.git({"mv", "src/old_name.c", "src/new_name.c"});
   repo.git({"rm", "-q", "gone.c"});
   repo.write("img.bin", std::string("\0\1\2\3", 4));
   repo.git({"add", "img.bin"});
   repo.write("other/c.c", "int c2;\n");
   repo.write("src/untracked.c", "int u;\nint v;\n");

   const ChangeSet change =
       git_change_set("main", {"src", "gone.c", "img.bin"}, false, repo.root());
   BOOST_TEST(change.scope.base == "main");
   BOOST_TEST(change.scope.deleted == std::vector<std::string>{"gone.c"});
   BOOST_REQUIRE(change.scope.skipped.size() == 1U);
   BOOST_TEST(change.scope.skipped[0].path == "img.bin");
   BOOST_TEST(change.scope.skipped[0].reason == "binary file");
   BOOST_REQUIRE(change.scope.renamed.size() == 1U);
   BOOST_TEST(change.scope.renamed[0].from == "src/old_name.c");
   BOOST_TEST(change.files.size() == 3U); // a.c, b.c, new_name.c: other/ is outside the paths
   const ChangedFile *a = find(change, "src/a.c");
   BOOST_REQUIRE(a != nullptr);
   BOOST_TEST((a->diff.changed == std::vector<LineSpan>{{2, 2}}));
   BOOST_TEST(a->disk == repo.root() / "src/a.c");
   const ChangedFile *b = find(change, "src/b.c");
   BOOST_REQUIRE(b != nullptr);
   BOOST_TEST((b->diff.changed == std::vector<LineSpan>{{2, 2}}));
   BOOST_TEST(find(change, "src/untracked.c") == nullptr);

   const ChangeSet with_untracked = git_change_set("main", {"src"}, true, repo.root());
   const ChangedFile *untracked = find(with_untracked, "src/untracked.c");
   BOOST_REQUIRE(untracked != nullptr);
   BOOST_TEST((untracked->diff.changed == std::vector<LineSpan>{{1, 2}}));
}

BOOST_AUTO_TEST_CASE(a_base_that_is_not_a_commit_is_a_usage_error) {
   Repo repo;
   repo.write("a.c", "int a;\n");
   repo.commit_all("base");
   try {
      git_change_set("no-such-branch", {}, false, repo.root());
      BOOST_FAIL("an unknown BASE was accepted");
   } catch (const std::invalid_argument &e) {
      BOOST_TEST(std::string(e.what()) ==
                 "--diff: 'no-such-branch' is not a commit in this repository");
   }
   BOOST_CHECK_THROW(git_change_set("--output=/tmp/x", {}, false, repo.root()),
                     std::invalid_argument);
   std::string outside = (fs::temp_directory_path() / "pmat-no-repo-XXXXXX").string();
   BOOST_REQUIRE(::mkdtemp(outside.data()));
   try {
      git_change_set("HEAD", {}, false, outside);
      BOOST_FAIL("a directory outside any repository was accepted");
   } catch (const std::invalid_argument &e) {
      BOOST_TEST(std::string(e.what()).starts_with("--diff needs a git repository"));
   }
   fs::remove_all(outside);
}

BOOST_AUTO_TEST_CASE(a_submodule_is_skipped_with_its_reason) {
   Repo inner;
   inner.write("x.c", "int x;\n");
   inner.commit_all("inner");
   Repo repo;
   repo.write("a.c", "int a;\n");
   repo.commit_all("base");
   repo.git({"-c", "protocol.file.allow=always", "submodule", "add", "-q", inner.root().string(),
             "lib/inner"});
   const ChangeSet change = git_change_set("main", {}, false, repo.root());
   bool skipped = false;
   for (const auto &skip : change.scope.skipped)
      skipped = skipped || (skip.path == "lib/inner" && skip.reason == "submodule");
   BOOST_TEST(skipped);
   BOOST_TEST(find(change, "lib/inner") == nullptr);
}
