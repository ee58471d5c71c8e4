// SPDX-License-Identifier: MIT
// The directory walk `pmat-host analyze DIR` makes: which files it keeps, in which order, under
// which names, and what it says about inputs it cannot read.
#define BOOST_TEST_MODULE host_app_source_walker
#include <boost/test/unit_test.hpp>

#include <core/source_walker.hpp>

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace pmat;

namespace {

// A fresh directory that is removed again; the walk runs from inside it (relative inputs).
struct Tree {
   Tree() {
      std::string pattern = (fs::temp_directory_path() / "pmat-walk-test-XXXXXX").string();
      BOOST_REQUIRE(::mkdtemp(pattern.data()));
      root = pattern;
      previous = fs::current_path();
      fs::current_path(root);
   }
   ~Tree() {
      fs::current_path(previous);
      fs::remove_all(root);
   }
   void write(const std::string &name, const std::string &content = "int x;\n") const {
      fs::create_directories((root / name).parent_path());
      std::ofstream(root / name) << content;
   }
   fs::path root;
   fs::path previous;
};

struct Walked {
   std::vector<std::string> paths;    // SourceFile::path as strings
   std::vector<std::string> displays; // SourceFile::display
   std::vector<std::string> errors;
};

Walked walk(const std::vector<std::string> &inputs, bool claude_languages = false) {
   Walked walked;
   walked.errors = app::walk_sources(inputs, claude_languages, [&walked](app::SourceFile file) {
      walked.paths.push_back(file.path);
      walked.displays.push_back(file.display);
   });
   return walked;
}

using Names = std::vector<std::string>;

} // namespace

// Entries of a directory in byte order of their names, a directory's files where its name
// sorts: "a" before "a.c", as a prefix sorts first.
BOOST_FIXTURE_TEST_CASE(files_come_in_name_order_with_directories_in_their_place, Tree) {
   write("b.c");
   write("a/z.c");
   write("a/b.h");
   write("B.c"); // upper case sorts before lower case: byte order, as git ls-files
   write("a.c");
   write("c/d/e.rs");
   const Walked walked = walk({"."});
   BOOST_TEST(walked.displays == (Names{"B.c", "a/b.h", "a/z.c", "a.c", "b.c", "c/d/e.rs"}),
              boost::test_tools::per_element());
   BOOST_TEST(walked.paths ==
                  (Names{"./B.c", "./a/b.h", "./a/z.c", "./a.c", "./b.c", "./c/d/e.rs"}),
              boost::test_tools::per_element());
   BOOST_TEST(walked.errors.empty());
}

BOOST_FIXTURE_TEST_CASE(the_display_name_starts_at_the_input_as_given, Tree) {
   write("src/lib/one.c");
   BOOST_TEST(walk({"src"}).displays == (Names{"src/lib/one.c"}), boost::test_tools::per_element());
   BOOST_TEST(walk({"src/"}).displays == (Names{"src/lib/one.c"}),
              boost::test_tools::per_element());
   BOOST_TEST(walk({"src/"}).paths == (Names{"src/lib/one.c"}), boost::test_tools::per_element());
   BOOST_TEST(walk({"./src"}).displays == (Names{"./src/lib/one.c"}),
              boost::test_tools::per_element());
   BOOST_TEST(walk({(root / "src").string()}).displays ==
                  (Names{(root / "src" / "lib" / "one.c").string()}),
              boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(only_sources_of_the_native_languages_are_kept, Tree) {
   for (const char *name :
        {"a.c",  "a.cc",  "a.cpp", "a.cxx", "a.h",  "a.hh",  "a.hpp", "a.hxx", "a.rs", "a.py",
         "a.js", "a.mjs", "a.cjs", "a.jsx", "a.ts", "a.tsx", "a.mts", "a.cts", "a.go", "a.java"})
      write(std::string("keep/") + name);
   for (const char *name : {"a.txt", "a.C.bak", "Makefile", ".c", "a.rb", "a.", "a.sh"})
      write(std::string("drop/") + name);
   const Walked walked = walk({"."});
   BOOST_TEST(walked.displays.size() == 20u);
   for (const auto &name : walked.displays)
      BOOST_TEST(name.starts_with("keep/"));
}

BOOST_FIXTURE_TEST_CASE(a_claude_run_also_keeps_the_languages_only_claude_reviews, Tree) {
   write("a.rb");
   write("b.sh");
   write("c.c");
   write("d.txt");
   BOOST_TEST(walk({"."}, true).displays == (Names{"a.rb", "b.sh", "c.c"}),
              boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(an_executable_script_is_kept_by_its_shebang, Tree) {
   write("bin/tool", "#!/usr/bin/env python3\nprint(1)\n");
   write("bin/serve", "#!/usr/bin/node\n");
   write("bin/shell", "#!/bin/sh\n");
   write("bin/plain", "#!/usr/bin/env python3\n"); // not executable
   write("bin/data.py.txt", "#!/usr/bin/env python3\n");
   for (const char *name : {"bin/tool", "bin/serve", "bin/shell", "bin/data.py.txt"})
      fs::permissions(root / name, fs::perms::owner_exec, fs::perm_options::add);
   BOOST_TEST(walk({"."}).displays == (Names{"bin/serve", "bin/tool"}),
              boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(links_to_files_are_kept_and_links_to_directories_not_followed, Tree) {
   write("real/one.c");
   write("other/two.c");
   fs::create_symlink("real/one.c", root / "link.c");
   fs::create_directory_symlink("other", root / "linked-dir");
   fs::create_symlink("missing.c", root / "dangling.c");
   BOOST_TEST(walk({"."}).displays == (Names{"link.c", "other/two.c", "real/one.c"}),
              boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(git_metadata_and_ignored_files_are_left_out, Tree) {
   write(".git/hooks/x.c");
   write(".gitignore", "build/\n*.gen.c\n");
   write("build/out.c");
   write("src/a.gen.c");
   write("src/a.c");
   write("src/.gitignore", "local.c\n");
   write("src/local.c");
   write("local.c"); // the rule in src/ does not reach up
   BOOST_TEST(walk({"."}).displays == (Names{"local.c", "src/a.c"}),
              boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(files_named_are_kept_whatever_they_are_and_missing_inputs_reported, Tree) {
   write("notes.txt");
   write("a.c");
   const Walked walked = walk({"notes.txt", "missing.c", "a.c", "gone/"});
   BOOST_TEST(walked.displays == (Names{"notes.txt", "a.c"}), boost::test_tools::per_element());
   BOOST_TEST(walked.errors == (Names{"missing.c: no such file or directory",
                                      "gone/: no such file or directory"}),
              boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(every_input_is_walked_in_the_order_given, Tree) {
   write("x/b.c");
   write("y/a.c");
   BOOST_TEST(walk({"y", "x", "y/a.c"}).displays == (Names{"y/a.c", "x/b.c", "y/a.c"}),
              boost::test_tools::per_element());
}
