// SPDX-License-Identifier: MIT
// Every Rust, Python and JavaScript file of some Debian packages gets a result or a stated skip,
// with no crash: Rust crates from librust-syn-dev and its dependencies
// (/usr/share/cargo/registry), Python from /usr/lib/python3/dist-packages, JavaScript from npm's
// own tree (/usr/lib/node_modules/npm). All files, no sampling. For every file of these trees, of
// gnulib's C sources and headers and of this repository's own sources (the corpora of
// bench/native/dump-corpus.sh), the JSON text append_json_text writes is the serialised to_json.
#define BOOST_TEST_MODULE pmat_native_robustness
#include "agreement_support.hpp"

#include <boost/json/serialize.hpp>

using namespace pmat::native;
using namespace pmat::native::test;

namespace {

struct Run {
   std::size_t files = 0;
   std::size_t skipped = 0;
   std::size_t functions = 0;
   std::size_t bytes = 0;
};

Run analyse_all(const std::filesystem::path &root, const std::vector<std::string> &extensions) {
   Run run;
   for (const auto &path : files_under(root, extensions)) {
      const std::string content = read_file(path);
      const auto analysis = analyze(path.string(), Language::Unknown, content, Options{});
      const auto object = to_json(analysis);
      std::string text;
      append_json_text(analysis, text);
      BOOST_TEST(text == boost::json::serialize(object), path);
      ++run.files;
      run.bytes += content.size();
      const bool skipped = object.at("skipped").as_bool();
      if (skipped) {
         ++run.skipped;
         BOOST_TEST(!object.at("skip_reason").as_string().empty(), path);
         BOOST_TEST_MESSAGE("skipped " << path << ": " << object.at("skip_reason").as_string());
      } else {
         run.functions += object.at("functions").as_array().size();
      }
   }
   BOOST_TEST_MESSAGE(root << ": " << run.files << " files, " << run.bytes << " bytes, "
                           << run.functions << " functions, " << run.skipped << " skipped");
   return run;
}

} // namespace

BOOST_AUTO_TEST_CASE(rust_crates_from_librust_packages) {
   const std::filesystem::path root = "/usr/share/cargo/registry";
   require_directory(root, "librust-syn-dev");
   const auto run = analyse_all(root, {".rs"});
   BOOST_TEST(run.files > 50U);
   BOOST_TEST(run.functions > 1000U);
}

BOOST_AUTO_TEST_CASE(python_dist_packages) {
   const std::filesystem::path root = "/usr/lib/python3/dist-packages";
   require_directory(root, "python3");
   const auto run = analyse_all(root, {".py"});
   BOOST_TEST(run.files > 100U);
   BOOST_TEST(run.functions > 1000U);
}

BOOST_AUTO_TEST_CASE(javascript_of_npm) {
   const std::filesystem::path root = "/usr/lib/node_modules/npm";
   require_directory(root, "npm");
   const auto run = analyse_all(root, {".js", ".cjs", ".mjs"});
   BOOST_TEST(run.files > 500U);
   BOOST_TEST(run.functions > 10000U);
}

BOOST_AUTO_TEST_CASE(c_sources_and_headers_of_gnulib) {
   const std::filesystem::path root = "/usr/share/gnulib/lib";
   require_directory(root, "gnulib");
   const auto run = analyse_all(root, {".c", ".h"});
   BOOST_TEST(run.files > 1000U);
   BOOST_TEST(run.functions > 1000U);
}

BOOST_AUTO_TEST_CASE(sources_of_this_repository) {
   const std::filesystem::path root = PMAT_SOURCE_DIR;
   std::size_t files = 0;
   for (const char *part :
        {"common", "plugin", "plugin-api", "host-shim", "conformance", "bench", "bridge/src"}) {
      files += analyse_all(root / part, {".c", ".h", ".cpp", ".hpp", ".ts"}).files;
   }
   BOOST_TEST(files > 300U);
}
