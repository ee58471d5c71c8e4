// SPDX-License-Identifier: MIT
// .gitignore semantics the directory walk relies on, case by case as git documents them.
#define BOOST_TEST_MODULE gitignore
#include <boost/test/unit_test.hpp>

#include <core/gitignore.hpp>

using namespace pmat::app;

namespace {
bool ignored(const char *gitignore, const char *path, bool dir = false, const char *base = "") {
   return is_ignored(parse_gitignore(gitignore, base), path, dir);
}
} // namespace

BOOST_AUTO_TEST_CASE(glob_basics) {
   BOOST_TEST(glob_match("*.o", "a.o"));
   BOOST_TEST(!glob_match("*.o", "dir/a.o")); // a single star stays inside one directory
   BOOST_TEST(glob_match("a?c", "abc"));
   BOOST_TEST(!glob_match("a?c", "a/c"));
   BOOST_TEST(glob_match("[a-c]x", "bx"));
   BOOST_TEST(!glob_match("[!a-c]x", "bx"));
   BOOST_TEST(glob_match("**/build", "build"));
   BOOST_TEST(glob_match("**/build", "a/b/build"));
   BOOST_TEST(glob_match("doc/**/*.md", "doc/x/y/z.md"));
   BOOST_TEST(glob_match("doc/**/*.md", "doc/z.md"));
   BOOST_TEST(glob_match("logs/**", "logs/a/b"));
   BOOST_TEST(glob_match("\\*literal", "*literal"));
   BOOST_TEST(!glob_match("\\*literal", "xliteral"));
}

BOOST_AUTO_TEST_CASE(unanchored_patterns_match_a_name_at_any_depth) {
   BOOST_TEST(ignored("*.log\n", "a.log"));
   BOOST_TEST(ignored("*.log\n", "deep/down/a.log"));
   BOOST_TEST(ignored("node_modules\n", "web/node_modules", true));
   BOOST_TEST(!ignored("*.log\n", "a.log.txt"));
}

BOOST_AUTO_TEST_CASE(a_slash_anchors_the_pattern_to_its_directory) {
   BOOST_TEST(ignored("/build\n", "build", true));
   BOOST_TEST(!ignored("/build\n", "src/build", true));
   BOOST_TEST(ignored("src/gen\n", "src/gen", true));
   BOOST_TEST(!ignored("src/gen\n", "lib/src/gen", true));
}

BOOST_AUTO_TEST_CASE(trailing_slash_matches_directories_only) {
   BOOST_TEST(ignored("out/\n", "out", true));
   BOOST_TEST(!ignored("out/\n", "out", false));
}

BOOST_AUTO_TEST_CASE(negation_and_last_match_wins) {
   BOOST_TEST(!ignored("*.c\n!keep.c\n", "keep.c"));
   BOOST_TEST(ignored("*.c\n!keep.c\n", "drop.c"));
   BOOST_TEST(ignored("!keep.c\n*.c\n", "keep.c"));
}

BOOST_AUTO_TEST_CASE(comments_blank_lines_and_escapes) {
   BOOST_TEST(!ignored("# *.c\n\n   \n", "a.c"));
   BOOST_TEST(ignored("\\#hash.c\n", "#hash.c"));
   BOOST_TEST(ignored("\\!bang.c\n", "!bang.c"));
   BOOST_TEST(ignored("*.c   \n", "a.c")); // trailing spaces are not part of the pattern
   BOOST_TEST(ignored("*.c\r\n", "a.c"));
}

BOOST_AUTO_TEST_CASE(a_nested_gitignore_applies_below_its_directory_only) {
   BOOST_TEST(ignored("*.gen.c\n", "sub/x.gen.c", false, "sub"));
   BOOST_TEST(!ignored("*.gen.c\n", "other/x.gen.c", false, "sub"));
   BOOST_TEST(ignored("/only-here.c\n", "sub/only-here.c", false, "sub"));
   BOOST_TEST(!ignored("/only-here.c\n", "sub/deeper/only-here.c", false, "sub"));
}
