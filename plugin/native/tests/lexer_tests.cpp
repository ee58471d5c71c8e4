// SPDX-License-Identifier: MIT
// The lexer is tested through what the analysis sees: a construct lexed wrongly shows up as a
// wrong count, a lost function or a comment found inside a string.
#include "test_support.hpp"
#include "text_check.hpp"

#include <pmat/common/utf8.hpp>

#include <chrono>
#include <random>
#include <string>
#include <sys/resource.h>

using namespace pmat::native;
using pmat::native::test::cyclomatic;
using pmat::native::test::run;

BOOST_AUTO_TEST_SUITE(lexer)

BOOST_AUTO_TEST_CASE(cpp_raw_strings_hide_braces_operators_and_markers) {
   const auto result = run(Language::Cpp, R"src(
int f(int a) {
   const char *s = R"x(if (a && b) { } // TODO )" still raw )x";
   const char *t = u8R"(|| ? :)";
   return a ? 1 : 0;
}
int g() { return 1; }
)src");
   BOOST_TEST(result.functions.size() == 2U);
   BOOST_TEST(cyclomatic(result, "f") == 2U);
   BOOST_TEST(result.satd.empty());
}

BOOST_AUTO_TEST_CASE(rust_raw_strings_lifetimes_and_nested_comments) {
   const auto result = run(Language::Rust, R"src(
/* outer /* inner */ if a && b { } still a comment */
fn f<'a>(x: &'a str) -> char {
    let s = r#"match x { _ => "}" } // FIXME"#;
    let b = br##"{{"##;
    let c = '{';
    if x.is_empty() && s.is_empty() { '}' } else { c }
}
fn g() {}
)src");
   BOOST_TEST(result.functions.size() == 2U);
   BOOST_TEST(cyclomatic(result, "f") == 3U);
   BOOST_TEST(result.satd.empty());
}

BOOST_AUTO_TEST_CASE(template_literals_with_nested_substitutions) {
   const auto result = run(Language::JavaScript, R"src(
function f(a) {
  const s = `x ${a ? `inner ${ {k: 1}.k } }` : '}'} // TODO ${a && a.b}`;
  return s;
}
function g() { return 1 }
)src");
   BOOST_TEST(result.functions.size() == 2U);
   BOOST_TEST(cyclomatic(result, "f") == 3U); // the ?: and the && inside substitutions
   BOOST_TEST(result.satd.empty());
}

BOOST_AUTO_TEST_CASE(regex_literals_versus_division) {
   const auto result = run(Language::JavaScript, R"src(
function f(a, b) {
  const re = /[/{]+\/"'`|(?:&&)/g;
  const half = a / 2 / b;
  if (re.test(a)) { return half }
  return a.split(/}/).length / 2
}
)src");
   BOOST_TEST(result.functions.size() == 1U);
   BOOST_TEST(cyclomatic(result, "f") == 2U);
}

BOOST_AUTO_TEST_CASE(preprocessor_lines_and_macros) {
   const auto result = run(Language::C, R"src(
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define LOOP(x) \
   for (;;) { if (x) break; }
int f(int a) {
#if defined(A) && B
  if (a) {
#else
  if (!a) {
#endif
    return MAX(a, 1);
  }
#if 0
  while (a) { a--; }
#endif
  return 0;
}
)src");
   BOOST_TEST(result.functions.size() == 1U);
   BOOST_TEST(cyclomatic(result, "f") == 2U); // directives and macro bodies do not count
}

BOOST_AUTO_TEST_CASE(generics_versus_shifts) {
   const auto cpp = run(Language::Cpp, R"src(
std::map<int, std::vector<std::vector<int>>> f(int a) {
  if (a >> 2 > 1) { return {}; }
  return g<std::vector<int>>(a << 1);
}
)src");
   BOOST_TEST(cyclomatic(cpp, "f") == 2U);
   const auto java = run(Language::Java, R"src(
class A {
  List<? extends Number> f(Map<String, ? super Integer> m, int a) {
    return a > 0 ? null : List.of();
  }
}
)src");
   BOOST_TEST(cyclomatic(java, "A.f") == 2U); // wildcards are not conditionals
}

BOOST_AUTO_TEST_CASE(python_indentation_and_strings) {
   const auto result = run(Language::Python, R"src(
def outer(a):
    """if and or TODO: a docstring is a string, not a comment"""
    s = f"{a if a else b}" + r'\' and '  # FIXME: a real marker
    if (a and
            b):
        return 1
    return 2

def after():
	if x:
		pass
)src");
   BOOST_TEST(result.functions.size() == 2U);
   BOOST_TEST(cyclomatic(result, "outer") == 3U);
   BOOST_TEST(cyclomatic(result, "after") == 2U);
   BOOST_TEST(test::function_named(result, "outer").line_end == 8U);
   BOOST_REQUIRE(result.satd.size() == 1U);
   BOOST_TEST(result.satd[0].marker == "FIXME");
}

BOOST_AUTO_TEST_CASE(binary_and_invalid_utf8_are_skipped_with_a_reason) {
   const auto binary = run(Language::C, std::string("int f() {}\0\x01", 13));
   BOOST_TEST(binary.skipped);
   BOOST_TEST(binary.skip_reason.find("NUL byte") != std::string::npos);
   const auto invalid = run(Language::C, "int f() { return 1; } /* \xC3\x28 */");
   BOOST_TEST(invalid.skipped);
   BOOST_TEST(invalid.skip_reason.find("invalid UTF-8") != std::string::npos);
   const auto surrogate = run(Language::Rust, "fn f() {} // \xED\xA0\x80");
   BOOST_TEST(surrogate.skipped);
   const auto valid = run(Language::Rust, "fn f() {} // caf\xC3\xA9 \xF0\x9F\x98\x80");
   BOOST_TEST(!valid.skipped);
}

// The one-pass check gives the rule's reason: the first NUL byte anywhere, else the first
// invalid UTF-8 sequence (common's check), on short random byte strings with every kind of byte.
BOOST_AUTO_TEST_CASE(skip_reason_is_the_first_nul_else_the_first_invalid_sequence) {
   const auto reference = [](std::string_view text) -> std::string {
      if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
         return "binary content (NUL byte at offset " + std::to_string(nul) + ")";
      }
      const auto bad = pmat::common::first_invalid_utf8(text);
      return bad == std::string_view::npos ? std::string{}
                                           : "invalid UTF-8 at byte offset " + std::to_string(bad);
   };
   const std::string alphabet("a \n\0\x80\xBF\xC3\xA9\xE2\x82\xAC\xED\xF0\x9F\xF5", 15);
   std::mt19937 rng(20261207);
   for (int round = 0; round < 20000; ++round) {
      std::string text(rng() % 40, 'x');
      for (char &c : text) {
         c = rng() % 4 == 0 ? alphabet[rng() % alphabet.size()] : 'q';
      }
      BOOST_TEST_REQUIRE(detail::text_skip_reason(text) == reference(text), "round " << round);
   }
}

// Arbitrary bytes (made valid UTF-8 by masking) never crash any language's lexer and analyzer.
BOOST_AUTO_TEST_CASE(random_input_never_crashes) {
   std::mt19937 random(12345);
   const std::string alphabet = "{}()[]<>\"'`/\\*#$?:;,.=!&|^~+-_ \n\tabcrR0123456789";
   for (int round = 0; round < 400; ++round) {
      std::string text(static_cast<std::size_t>(random() % 600), ' ');
      for (char &c : text) {
         c = alphabet[random() % alphabet.size()];
      }
      for (auto language :
           {Language::C, Language::Cpp, Language::Rust, Language::Python, Language::JavaScript,
            Language::TypeScript, Language::Go, Language::Java}) {
         const auto result = run(language, text);
         BOOST_TEST(!result.skipped);
         BOOST_TEST(result.functions.size() ==
                    std::min(result.functions_total, k_max_functions_per_file));
      }
   }
}

long max_rss_kib() {
   rusage usage{};
   getrusage(RUSAGE_SELF, &usage);
   return usage.ru_maxrss;
}

// Sanitizer builds run ~50x slower at -O0, so they check the same limits on a file just big
// enough to reach them (12 MiB holds more than kMaxFunctionsPerFile functions); the release build
// checks the full 100 MB.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::size_t k_big_file_bytes = 12U << 20U;
#else
constexpr std::size_t k_big_file_bytes = 100U << 20U;
#endif

// A 100 MB file is analysed in one pass; the analyzer's own memory stays bounded (per-file item
// limits, fixed-size bracket stack), so the peak grows by far less than the file itself.
BOOST_AUTO_TEST_CASE(hundred_megabyte_file_in_bounded_memory) {
   const std::string unit =
       "static int f(int a) {\n  if (a > 1 && a < 9) { return a; } /* TODO: x */\n"
       "  return (((((a))))) ? 1 : 0;\n}\n";
   std::string big;
   big.reserve(k_big_file_bytes);
   while (big.size() + unit.size() <= k_big_file_bytes) {
      big += unit;
   }
   const long before = max_rss_kib();
   const auto start = std::chrono::steady_clock::now();
   const auto result = run(Language::C, big);
   const double seconds =
       std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
   const long grown_mib = (max_rss_kib() - before) / 1024;
   BOOST_TEST(!result.skipped);
   BOOST_TEST(result.truncated);
   BOOST_TEST(result.functions.size() == k_max_functions_per_file);
   BOOST_TEST(result.functions_total == big.size() / unit.size());
   BOOST_TEST(result.satd.size() == k_max_satd_per_file);
   BOOST_TEST(result.total_complexity == 4U * result.functions_total);
   BOOST_TEST(grown_mib < 100, "peak memory grew by " << grown_mib << " MiB");
   BOOST_TEST_MESSAGE(big.size() / 1000000 << " MB analysed in " << seconds << " s, peak memory +"
                                           << grown_mib << " MiB");
   // Deeply nested brackets beyond the frame limit are counted, not stored.
   const auto nested =
       run(Language::C, "int f(void) { return " + std::string(1U << 20U, '(') + "1" +
                            std::string(1U << 20U, ')') + "; }\nint g(void) {}\n");
   BOOST_TEST(nested.functions.size() == 2U);
}

BOOST_AUTO_TEST_SUITE_END()
