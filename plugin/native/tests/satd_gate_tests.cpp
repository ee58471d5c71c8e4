#include "satd.hpp"
#include "test_support.hpp"

#include <boost/json/serialize.hpp>

using namespace pmat::native;
using pmat::native::detail::classify_satd_line;
using pmat::native::test::run;

BOOST_AUTO_TEST_SUITE(satd)

BOOST_AUTO_TEST_CASE(categories_and_severities) {
   struct Case {
      const char *line;
      SatdCategory category;
      SatdSeverity severity;
      const char *marker;
   };
   const Case cases[] = {
       {"// TODO: add paging", SatdCategory::Requirement, SatdSeverity::Low, "TODO"},
       {"// fixme later", SatdCategory::Defect, SatdSeverity::High, "fixme"},
       {"/* HACK around the parser */", SatdCategory::Design, SatdSeverity::Medium, "HACK"},
       {"# this is technical debt", SatdCategory::Design, SatdSeverity::Medium, "technical debt"},
       {"// the test is disabled on arm", SatdCategory::Test, SatdSeverity::Medium, "disabled"},
       {"// known performance issue here", SatdCategory::Performance, SatdSeverity::Medium,
        "performance issue"},
       {"// security: validate input", SatdCategory::Security, SatdSeverity::Critical, "security"},
       {"// TODO fix the bug", SatdCategory::Defect, SatdSeverity::High, "bug"}, // most severe wins
   };
   for (const auto &c : cases) {
      const auto match = classify_satd_line(c.line);
      BOOST_REQUIRE_MESSAGE(match.has_value(), c.line);
      BOOST_TEST(match->category == c.category, c.line);
      BOOST_TEST(match->severity == c.severity, c.line);
      BOOST_TEST(match->marker == c.marker, c.line);
   }
   BOOST_TEST(!classify_satd_line("// todos, mastodon and debugging are not markers").has_value());
   BOOST_TEST(!classify_satd_line("// a test that passes").has_value());
}

BOOST_AUTO_TEST_CASE(only_comments_never_strings) {
   const auto result = run(Language::Cpp, R"src(
int f() {
   const char *s = "TODO: not a comment /* FIXME */";
   char c = '/'; // XXX: a comment after a char literal
   /* first line
      HACK: second line of a block */
   return 0;
}
)src");
   BOOST_REQUIRE(result.satd.size() == 2U);
   BOOST_TEST(result.satd[0].marker == "XXX");
   BOOST_TEST(result.satd[0].line == 4U);
   BOOST_TEST(result.satd[0].column == 21U);
   BOOST_TEST(result.satd[1].marker == "HACK");
   BOOST_TEST(result.satd[1].line == 6U);
   BOOST_TEST(result.satd[1].text == "HACK: second line of a block");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gate)

const char *const kGateSource = R"src(
// TODO: paging
int busy(int a) {
  switch (a) {
  case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11:
    return 1;
  }
  return 0;
}
int nested(int a, int b) {
  if (a) { if (b) { if (a > b) { if (b > 1) { return 1; } } } }
  return 0;
}
)src";

BOOST_AUTO_TEST_CASE(default_profile_warns_in_order_satd_cyclomatic_cognitive) {
   const auto result = run(Language::C, kGateSource);
   BOOST_REQUIRE(result.violations.size() == 2U);
   BOOST_TEST(result.violations[0].rule == GateRule::Satd);
   BOOST_TEST(result.violations[0].severity == ViolationSeverity::Warning); // Low severity
   BOOST_TEST(result.violations[1].rule == GateRule::Cyclomatic);
   BOOST_TEST(result.violations[1].function == "busy");
   BOOST_TEST(result.violations[1].value == 12U);
   BOOST_TEST(result.violations[1].threshold == 10U);
   BOOST_TEST(result.violations[1].severity == ViolationSeverity::Warning);
   BOOST_TEST(result.violations[1].message ==
              "Cyclomatic complexity 12 of 'busy' exceeds maximum 10");
}

BOOST_AUTO_TEST_CASE(strict_profile_is_upstreams_claude_gate) {
   const auto result = run(Language::C, kGateSource, "strict");
   // nested: cognitive 1+2+3+4 = 10 passes 10; busy: cyclomatic 12 passes 15; the marker fails.
   BOOST_REQUIRE(result.violations.size() == 1U);
   BOOST_TEST(result.violations[0].rule == GateRule::Satd);
   BOOST_TEST(result.violations[0].severity == ViolationSeverity::Error);
   const auto deeper = run(Language::C,
                           "int f(int a){ if(a){ if(a){ if(a){ if(a){ a++; }}}} "
                           "return a && a; }\n",
                           "strict");
   BOOST_REQUIRE(deeper.violations.size() == 1U);
   BOOST_TEST(deeper.violations[0].rule == GateRule::Cognitive);
   BOOST_TEST(deeper.violations[0].value == 11U);
   BOOST_TEST(deeper.violations[0].threshold == 10U);
   BOOST_TEST(deeper.violations[0].severity == ViolationSeverity::Error);
}

BOOST_AUTO_TEST_CASE(error_above_the_error_threshold) {
   std::string source = "int f(int a) {\n";
   for (int i = 0; i < 25; ++i) {
      source += "  if (a == " + std::to_string(i) + ") return a;\n";
   }
   source += "  return 0;\n}\n";
   const auto result = run(Language::C, source);
   BOOST_REQUIRE(!result.violations.empty());
   BOOST_TEST(result.violations[0].severity == ViolationSeverity::Error);
   BOOST_TEST(result.violations[0].threshold == 20U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json)

BOOST_AUTO_TEST_CASE(result_shape) {
   const auto object =
       analyze_file("src/a.c", "", "// FIXME: x\nint f(int a) { return a ? 1 : 2; }\n", Options{});
   BOOST_TEST(object.at("path").as_string() == "src/a.c");
   BOOST_TEST(object.at("language").as_string() == "c");
   BOOST_TEST(object.at("skipped").as_bool() == false);
   BOOST_TEST(object.at("total_complexity").to_number<int>() == 2);
   const auto &function = object.at("functions").as_array().at(0).as_object();
   BOOST_TEST(function.at("name").as_string() == "f");
   BOOST_TEST(function.at("line_start").to_number<int>() == 2);
   const auto &metrics = function.at("metrics").as_object();
   for (const char *key : {"cyclomatic", "cognitive", "nesting_max", "lines"}) {
      BOOST_TEST(metrics.contains(key), key);
   }
   const auto &satd = object.at("satd").as_array().at(0).as_object();
   BOOST_TEST(satd.at("category").as_string() == "Defect");
   BOOST_TEST(satd.at("severity").as_string() == "High");
   const auto &violation = object.at("violations").as_array().at(0).as_object();
   BOOST_TEST(violation.at("rule").as_string() == "satd");
   BOOST_TEST(violation.at("severity").as_string() == "error");
   BOOST_TEST(violation.at("file").as_string() == "src/a.c");
}

BOOST_AUTO_TEST_CASE(skips_state_a_reason) {
   const auto unknown = analyze_file("notes.txt", "", "hello", Options{});
   BOOST_TEST(unknown.at("skipped").as_bool());
   BOOST_TEST(!unknown.at("skip_reason").as_string().empty());
   const auto bad_hint = analyze_file("a.c", "cobol", "int f(){}", Options{});
   BOOST_TEST(bad_hint.at("skipped").as_bool());
   const auto hinted = analyze_file("script", "python", "def f():\n  pass\n", Options{});
   BOOST_TEST(hinted.at("language").as_string() == "python");
   BOOST_TEST(hinted.at("functions").as_array().size() == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
