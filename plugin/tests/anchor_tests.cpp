// Claude's findings checked against the file: kept where the quote is, moved to where the quote
// is within the window, dropped when the quote is nowhere near (or nowhere).
#include <boost/test/unit_test.hpp>

#include "claude/anchor.hpp"

#include <boost/json/parse.hpp>

using namespace pmat::plugin::claude;

namespace {

const char *k_file = "int twice(int x) {\n"  // 1
                     "   if (x > 100)\n"     // 2
                     "      return x;\n"     // 3
                     "   return 2 * x;\n"    // 4
                     "}\n"                   // 5
                     "\n"                    // 6
                     "int thrice(int x) {\n" // 7
                     "   return 3 * x;\n"    // 8
                     "}\n";                  // 9

boost::json::object item(int line, int end_line, const char *snippet) {
   return {{"line", line}, {"end_line", end_line}, {"snippet", snippet}};
}

boost::json::object analysis(boost::json::array findings, boost::json::array refactorings = {}) {
   return {{"findings", std::move(findings)}, {"refactorings", std::move(refactorings)}};
}

} // namespace

BOOST_AUTO_TEST_CASE(a_quote_on_its_stated_line_is_kept_whitespace_aside) {
   auto answer = analysis({item(2, 3, "if   (x > 100)"), item(4, 4, "  return 2 * x;  ")});
   const auto counts = anchor_findings(answer, k_file);
   BOOST_TEST(counts.kept == 2u);
   BOOST_TEST(answer.at("findings").as_array().size() == 2u);
   BOOST_TEST(answer.at("dropped_findings").as_int64() == 0);
}

BOOST_AUTO_TEST_CASE(a_quote_within_the_window_is_reanchored_with_its_end_line) {
   auto answer = analysis({item(6, 7, "return 2 * x;")}, {item(3, 4, "return 3 * x;")});
   const auto counts = anchor_findings(answer, k_file);
   BOOST_TEST(counts.reanchored == 2u);
   const auto &finding = answer.at("findings").at(0);
   BOOST_TEST(finding.at("line").as_int64() == 4); // 2 up
   BOOST_TEST(finding.at("end_line").as_int64() == 5);
   const auto &refactoring = answer.at("refactorings").at(0);
   BOOST_TEST(refactoring.at("line").as_int64() == 8);     // 7 down (the window is 5: out of reach
   BOOST_TEST(refactoring.at("end_line").as_int64() == 9); // would be dropped)
}

BOOST_AUTO_TEST_CASE(the_nearest_occurrence_wins_and_a_tie_goes_to_the_earlier_line) {
   auto answer = analysis({item(6, 6, "return"), item(7, 7, "return")});
   anchor_findings(answer, k_file);
   BOOST_TEST(answer.at("findings").at(0).at("line").as_int64() == 4); // 4 and 8 tie: earlier
   BOOST_TEST(answer.at("findings").at(1).at("line").as_int64() == 8);
}

BOOST_AUTO_TEST_CASE(out_of_the_window_misquoted_or_unquoted_is_dropped_and_counted) {
   auto answer = analysis({item(9, 9, "int twice(int x)"),
                           item(3, 3, "return y;"),
                           item(3, 3, "   "),
                           {{"line", 3}},
                           item(200, 200, "return x;")},
                          {item(2, 2, "if (x > 100)")});
   const auto counts = anchor_findings(answer, k_file);
   BOOST_TEST(counts.dropped == 5u); // line 200 is out of the file and out of reach of line 3
   BOOST_TEST(counts.kept == 1u);
   BOOST_TEST(answer.at("findings").as_array().empty());
   BOOST_TEST(answer.at("dropped_findings").as_int64() == 5);
}

BOOST_AUTO_TEST_CASE(every_kept_item_has_an_end_line_inside_the_file_and_not_before_line) {
   auto answer = analysis({item(8, 40, "return 3 * x;"),
                           item(4, 1, "return 2 * x;"),
                           {{"line", 2}, {"snippet", "if (x > 100)"}}});
   anchor_findings(answer, k_file);
   BOOST_TEST(answer.at("findings").at(0).at("end_line").as_int64() == 9);
   BOOST_TEST(answer.at("findings").at(1).at("end_line").as_int64() == 4);
   BOOST_TEST(answer.at("findings").at(2).at("end_line").as_int64() == 2);
}

BOOST_AUTO_TEST_CASE(a_multi_line_snippet_is_anchored_by_its_first_code_line) {
   auto answer = analysis({item(3, 4, "\n      return x;\n   return 2 * x;")});
   BOOST_TEST(anchor_findings(answer, k_file).kept == 1u);
}
