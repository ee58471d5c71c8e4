// SPDX-License-Identifier: MIT
// JavaScript cyclomatic complexity agrees with ESLint's own `complexity` rule for at least 98% of
// the functions of npm's JavaScript (/usr/lib/node_modules/npm). Sample: every second file in
// path order (about 570 files, 8,000 functions), to keep the suite fast on two cores. ESLint is
// pinned by plugin/native/tests/eslint/package-lock.json and installed by the fixture test
// pmat_native_eslint_setup into the build tree.
#define BOOST_TEST_MODULE pmat_native_agreement_js
#include "agreement_support.hpp"

#include <boost/json/parse.hpp>

#include <map>

using namespace pmat::native;
using namespace pmat::native::test;

namespace {

const std::filesystem::path k_npm = "/usr/lib/node_modules/npm";

struct Tally {
   std::size_t total = 0;
   std::size_t agreeing = 0;
   std::size_t unparsed_files = 0;
};

// ESLint reports a function at its node's first line and its head's line; ours uses the line of
// the name or the parameter list. Functions are matched by value within either line.
void compare_file(const boost::json::object &reference, const FileAnalysis &ours, Tally &tally) {
   std::multimap<std::uint32_t, std::uint32_t> mine;
   for (const auto &function : ours.functions) {
      mine.emplace(function.line_start, function.metrics.cyclomatic);
   }
   const auto take = [&](std::int64_t line, std::int64_t value) {
      auto [first, last] = mine.equal_range(static_cast<std::uint32_t>(line));
      for (auto it = first; it != last; ++it) {
         if (it->second == value) {
            mine.erase(it);
            return true;
         }
      }
      return false;
   };
   for (const auto &entry : reference.at("functions").as_array()) {
      const auto &row = entry.as_array();
      const auto value = row.at(2).to_number<std::int64_t>();
      ++tally.total;
      if (take(row.at(0).to_number<std::int64_t>(), value) ||
          take(row.at(1).to_number<std::int64_t>(), value)) {
         ++tally.agreeing;
      } else {
         BOOST_TEST_MESSAGE("differs: " << ours.path << ":" << row.at(0) << " eslint " << value);
      }
   }
}

} // namespace

BOOST_AUTO_TEST_CASE(cyclomatic_agrees_with_eslint_on_npm) {
   require_directory(k_npm, "npm (or the node image's bundled npm)");
   const std::filesystem::path eslint = PMAT_ESLINT_DIR;
   BOOST_REQUIRE_MESSAGE(std::filesystem::exists(eslint / "node_modules/eslint/package.json"),
                         "ESLint is not installed in " << eslint << ": run ctest with the fixture "
                                                       << "pmat_native_eslint_setup (npm ci)");
   const auto all = files_under(k_npm, {".js", ".cjs", ".mjs"});
   std::vector<std::filesystem::path> sample;
   for (std::size_t i = 0; i < all.size(); i += 2) {
      sample.push_back(all[i]);
   }
   BOOST_REQUIRE(sample.size() > 300U);
   std::string command = "node " + shell_quote((eslint / "eslint-complexity.mjs").string());
   for (const auto &path : sample) {
      command += " " + shell_quote(path.string());
   }
   const std::string output = run_command(command);
   std::istringstream lines(output);
   std::string line;
   Tally tally;
   while (std::getline(lines, line)) {
      const auto reference = boost::json::parse(line).as_object();
      const std::string file(reference.at("file").as_string());
      if (reference.contains("error")) {
         ++tally.unparsed_files; // ESLint itself cannot parse it: nothing to compare with
         continue;
      }
      const auto ours = analyze(file, Language::JavaScript, read_file(file), Options{});
      compare_file(reference, ours, tally);
   }
   BOOST_REQUIRE(tally.total > 4000U);
   const double percent =
       100.0 * static_cast<double>(tally.agreeing) / static_cast<double>(tally.total);
   BOOST_TEST_MESSAGE("JavaScript agreement with ESLint: "
                      << tally.agreeing << "/" << tally.total << " = " << percent << "% over "
                      << sample.size() << " files (" << tally.unparsed_files
                      << " unparsed by ESLint)");
   BOOST_TEST(percent >= 98.0);
}
