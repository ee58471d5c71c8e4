// SPDX-License-Identifier: MIT
// Claude's answer for one file held to a review of a change: repeats of native findings, items
// outside the changed lines, and fixes that do not apply are dropped and counted.
#include <boost/test/unit_test.hpp>

#include "claude/review_filters.hpp"

#include <boost/json/parse.hpp>

using namespace pmat::plugin::claude;

namespace {

const char *k_file = "int busy(int x) {\n" // 1
                     "   if (x)\n"         // 2
                     "      return 1;\n"   // 3
                     "   return 0;\n"      // 4
                     "}\n"                 // 5
                     "int calm(int x) {\n" // 6
                     "   return x + 1;\n"  // 7
                     "}\n";                // 8

BatchItem item_with(const char *changed) {
   BatchItem item{"a.c", "c", k_file, "", 0};
   item.changed_lines = boost::json::parse(changed);
   item.native_findings = boost::json::parse(
                              R"([{"line": 1, "rule": "cyclomatic-complexity", "function": "busy",
                                   "message": "m"}, {"line": 4, "rule": "satd", "message": "m"}])")
                              .as_array();
   return item;
}

boost::json::object answer() {
   return boost::json::parse(R"({"findings": [
      {"function": "calm", "line": 7, "end_line": 7, "category": "correctness",
       "fix": {"line": 7, "end_line": 7, "original": "   return x + 1;", "replacement": "   return x;"}},
      {"function": "calm", "line": 7, "end_line": 7, "category": "style",
       "fix": {"line": 7, "end_line": 7, "original": "   return x - 1;", "replacement": "x"}},
      {"function": "calm", "line": 7, "end_line": 7, "category": "style",
       "fix": {"line": 8, "end_line": 9, "original": "}\n", "replacement": "x"}},
      {"function": "busy", "line": 2, "end_line": 2, "category": "complexity"},
      {"function": "busy", "line": 4, "end_line": 4, "category": "maintainability"},
      {"function": "busy", "line": 3, "end_line": 3, "category": "correctness"}],
      "refactorings": [{"line": 1, "end_line": 5}, {"line": 6, "end_line": 8}]})")
       .as_object();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_review_keeps_what_is_new_on_changed_lines_and_fixes_that_apply) {
   auto analysis = answer();
   const ReviewCounts counts = review_filters(analysis, item_with("[[7, 7]]"));
   BOOST_TEST(counts.duplicates == 2u);     // busy's complexity, the SATD line
   BOOST_TEST(counts.outside_change == 2u); // line 3, and the refactoring of busy
   BOOST_TEST(counts.fixes_kept == 1u);
   BOOST_TEST(counts.fixes_dropped == 2u); // misquoted, and past the end of the file
   const auto &findings = analysis.at("findings").as_array();
   BOOST_REQUIRE(findings.size() == 3u);
   BOOST_TEST(findings.at(0).as_object().contains("fix"));
   BOOST_TEST(!findings.at(1).as_object().contains("fix"));
   BOOST_TEST(analysis.at("refactorings").as_array().size() == 1u);
   BOOST_TEST(analysis.at("dropped_fixes").to_number<int>() == 2);
   BOOST_TEST(analysis.at("dropped_outside_change").to_number<int>() == 2);
   BOOST_TEST(analysis.at("dropped_duplicates").to_number<int>() == 2);
}

BOOST_AUTO_TEST_CASE(without_changed_lines_the_whole_file_is_under_review) {
   auto analysis = answer();
   const ReviewCounts counts = review_filters(analysis, item_with("null"));
   BOOST_TEST(counts.outside_change == 0u);
   BOOST_TEST(analysis.at("findings").as_array().size() == 4u);
}
