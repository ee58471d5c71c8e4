// interpreter_files(): what a Node interpreter loads, asked of this machine's node; and the
// answers that must be refused (a program that fails, hangs, or does not speak JSON). Debian's
// node 18 (libnode.so.108, /usr/share/nodejs) is exercised end to end by
// packaging/tests/clean-root-test.sh.
#define BOOST_TEST_MODULE pmat_sandbox_interpreter_files
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <pmat/sandbox/interpreter_files.hpp>

namespace fs = std::filesystem;
using namespace pmat::sandbox;
using namespace std::chrono_literals;

namespace {

// A scratch directory with executable shell scripts standing in for an interpreter.
struct Scratch {
   fs::path dir = fs::temp_directory_path() / ("pmat-interp-" + std::to_string(getpid()));
   Scratch() { fs::create_directories(dir); }
   ~Scratch() { fs::remove_all(dir); }
   std::string script(const std::string &name, const std::string &body) const {
      const fs::path path = dir / name;
      std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
      fs::permissions(path, fs::perms::owner_all);
      return path.string();
   }
};

bool has_file_named(const std::vector<std::string> &files, const std::string &name) {
   return std::any_of(files.begin(), files.end(),
                      [&](const std::string &f) { return fs::path(f).filename() == name; });
}

} // namespace

BOOST_AUTO_TEST_CASE(this_machines_node_reports_its_binary_and_its_libc) {
   const std::string node = fs::canonical(PMAT_NODE).string();
   const InterpreterFiles found = interpreter_files(node);
   BOOST_REQUIRE_MESSAGE(found.error.empty(), found.error);
   BOOST_TEST_MESSAGE(node << " needs " << found.files.size() << " files");
   BOOST_TEST(std::count(found.files.begin(), found.files.end(), node) == 1);
   BOOST_TEST(has_file_named(found.files, "libc.so.6"));
   BOOST_TEST(std::is_sorted(found.files.begin(), found.files.end()));
   BOOST_TEST((std::adjacent_find(found.files.begin(), found.files.end()) == found.files.end()));
   for (const auto &file : found.files) {
      BOOST_TEST(fs::path(file).is_absolute());
      BOOST_TEST(fs::is_regular_file(file), file);
   }
}

BOOST_AUTO_TEST_CASE(builtin_paths_keep_their_name_and_lose_directory_symlinks) {
   Scratch scratch;
   fs::create_directories(scratch.dir / "real");
   std::ofstream(scratch.dir / "real" / "lexer.js") << "module.exports = {};\n";
   fs::create_symlink(scratch.dir / "real", scratch.dir / "via-link");
   const std::string answer = R"({"mapped":["/nonexistent/lib.so"],"builtins":[")" +
                              (scratch.dir / "via-link" / "lexer.js").string() +
                              R"(","relative.js",3]})";
   const auto fake = scratch.script("node", "printf '%s' '" + answer + "'");
   const InterpreterFiles found = interpreter_files(fake);
   BOOST_REQUIRE_MESSAGE(found.error.empty(), found.error);
   const std::string real = (fs::canonical(scratch.dir) / "real" / "lexer.js").string();
   BOOST_REQUIRE_EQUAL(found.files.size(), 1u);
   BOOST_TEST(found.files.front() == real);
}

BOOST_AUTO_TEST_CASE(an_interpreter_that_fails_is_reported_with_its_status) {
   Scratch scratch;
   const InterpreterFiles found = interpreter_files(scratch.script("node", "exit 3"));
   BOOST_TEST(found.files.empty());
   BOOST_TEST(found.error.find("exited with status 3") != std::string::npos, found.error);
}

BOOST_AUTO_TEST_CASE(an_interpreter_that_answers_no_json_is_refused) {
   Scratch scratch;
   const InterpreterFiles found = interpreter_files(scratch.script("node", "echo hello"));
   BOOST_TEST(found.files.empty());
   BOOST_TEST(found.error.find("not JSON: hello") != std::string::npos, found.error);
}

BOOST_AUTO_TEST_CASE(an_interpreter_that_hangs_is_killed_at_the_limit) {
   Scratch scratch;
   const auto start = std::chrono::steady_clock::now();
   const InterpreterFiles found = interpreter_files(scratch.script("node", "exec sleep 30"), 300ms);
   const auto took = std::chrono::steady_clock::now() - start;
   BOOST_TEST(found.error.find("did not answer within 300 ms") != std::string::npos, found.error);
   BOOST_TEST(took < 10s);
}

BOOST_AUTO_TEST_CASE(a_missing_interpreter_cannot_run) {
   const InterpreterFiles found = interpreter_files("/nonexistent/node");
   BOOST_TEST(found.error.find("cannot run /nonexistent/node") != std::string::npos, found.error);
}
