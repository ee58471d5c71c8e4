// SPDX-License-Identifier: MIT
#include "test_support.hpp"

using namespace pmat::native;
using pmat::native::test::cognitive;
using pmat::native::test::cyclomatic;
using pmat::native::test::function_named;
using pmat::native::test::run;

// The worked examples of G. Ann Campbell, "Cognitive Complexity" (SonarSource white paper), with
// the scores the paper gives for them.
BOOST_AUTO_TEST_SUITE(sonar_white_paper)

BOOST_AUTO_TEST_CASE(sum_of_primes_is_7_and_cyclomatic_4) {
   const auto result = run(Language::Java, R"src(
class Example {
  int sumOfPrimes(int max) {              // cyclomatic +1
    int total = 0;
    OUT: for (int i = 1; i <= max; ++i) { // +1
      for (int j = 2; j < i; ++j) {       // +2 (nesting = 1)
        if (i % j == 0) {                 // +3 (nesting = 2)
          continue OUT;                   // +1
        }
      }
      total += i;
    }
    return total;
  }
}
)src");
   BOOST_TEST(cognitive(result, "Example.sumOfPrimes") == 7U);
   BOOST_TEST(cyclomatic(result, "Example.sumOfPrimes") == 4U);
   BOOST_TEST(function_named(result, "Example.sumOfPrimes").metrics.nesting_max == 3U);
}

BOOST_AUTO_TEST_CASE(get_words_switch_is_1_and_cyclomatic_4) {
   const auto result = run(Language::Java, R"src(
class Example {
  String getWords(int number) {
    switch (number) {           // +1
      case 1:
        return "one";
      case 2:
        return "a couple";
      case 3:
        return "a few";
      default:
        return "lots";
    }
  }
}
)src");
   BOOST_TEST(cognitive(result, "Example.getWords") == 1U);
   BOOST_TEST(cyclomatic(result, "Example.getWords") == 4U);
}

BOOST_AUTO_TEST_CASE(nesting_example_is_9) {
   const auto result = run(Language::Java, R"src(
class Example {
  void myMethod () {
    try {
      if (condition1) {                  // +1
        for (int i = 0; i < 10; i++) {   // +2 (nesting=1)
          while (something) { }          // +3 (nesting=2)
        }
      }
    } catch (ExcepType1 | ExcepType2 e) { // +1
      if (condition2) { }                 // +2 (nesting=1)
    }
  }
}
)src");
   BOOST_TEST(cognitive(result, "Example.myMethod") == 9U);
}

BOOST_AUTO_TEST_CASE(lambda_raises_nesting_and_counts_for_the_method) {
   const auto result = run(Language::Java, R"src(
class Example {
  void myMethod2 () {
    Runnable r = () -> {      // +0 (but nesting level is now 1)
      if (condition1) { }     // +2 (nesting=1)
    };
  }
}
)src");
   BOOST_TEST(cognitive(result, "Example.myMethod2") == 2U);
   BOOST_TEST(cyclomatic(result, "Example.myMethod2") == 1U); // the lambda's branch is its own
   BOOST_TEST(cyclomatic(result, "Example.myMethod2.r") == 2U);
}

BOOST_AUTO_TEST_CASE(sequences_of_like_boolean_operators) {
   const auto result = run(Language::Java, R"src(
class Example {
  boolean a(boolean a, boolean b, boolean c, boolean d, boolean e, boolean f) {
    if (a && b && c || d || e && f) { return true; }  // +1 for if, +3 for three sequences
    return false;
  }
  boolean b(boolean a, boolean b, boolean c) {
    if (a && !(b && c)) { return true; }               // +1 for if, +2
    return false;
  }
}
)src");
   BOOST_TEST(cognitive(result, "Example.a") == 4U);
   BOOST_TEST(cognitive(result, "Example.b") == 3U);
}

BOOST_AUTO_TEST_CASE(else_if_and_else_add_without_nesting) {
   const auto result = run(Language::Java, R"src(
class Example {
  int f(int x) {
    if (x > 0) {              // +1
      if (x > 5) { return 2; } // +2 (nesting=1)
    } else if (x < 0) {       // +1
      return -1;
    } else {                  // +1
      return 0;
    }
    return 1;
  }
  int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); } // ?: +1, recursion +1
}
)src");
   BOOST_TEST(cognitive(result, "Example.f") == 5U);
   BOOST_TEST(cyclomatic(result, "Example.f") == 4U);
   BOOST_TEST(cognitive(result, "Example.fact") == 2U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cyclomatic_per_language)

BOOST_AUTO_TEST_CASE(c_counts_like_pmccabe) {
   const auto result = run(Language::C, R"src(
int f(int a, int b) {
  if (a && b || a) return 1;
  else if (b) return 2;
  switch (a) { case 1: case 2: break; default: break; }
  do { a--; } while (a > 0);
  for (;;) {}
  return a ? b : 0;
}
static int
g (a, b)
  int a; int b;
{
  return a ?: b;
}
)src");
   BOOST_TEST(cyclomatic(result, "f") == 10U);
   BOOST_TEST(cyclomatic(result, "g") == 2U); // K&R definition
}

BOOST_AUTO_TEST_CASE(javascript_counts_like_eslint) {
   const auto result = run(Language::JavaScript, R"src(
const f = (a = 1, { b = 2 } = {}) => a ?? b;
function g(o) {
  o.x ||= 1;
  return o?.y?.z;
}
class K { m(x) { switch (x) { case 1: return 1; default: return 0 } } }
)src");
   BOOST_TEST(cyclomatic(result, "f") == 5U); // three defaults and ??
   BOOST_TEST(cyclomatic(result, "g") == 4U); // ||= and two ?.
   BOOST_TEST(cyclomatic(result, "K.m") == 2U);
}

BOOST_AUTO_TEST_CASE(rust_match_arms_and_guards) {
   const auto result = run(Language::Rust, R"src(
impl<T: Clone> Display for Wrapper<T> {
    fn fmt(&self, f: &mut Formatter) -> Result {
        match self.0 {
            0 => write!(f, "zero"),
            n if n > 10 => { write!(f, "big") }
            _ => Ok(()),
        }
    }
}
fn g(v: &[i32]) -> usize { let mut n = 0; while n < 3 && v.len() > n { n += 1; } n }
)src");
   BOOST_TEST(cyclomatic(result, "Wrapper::fmt") == 4U); // two arms, one guard; `_` is free
   BOOST_TEST(cyclomatic(result, "g") == 3U);
}

BOOST_AUTO_TEST_CASE(go_methods_cases_and_func_literals) {
   const auto result = run(Language::Go, R"src(
func (s *Server) Serve(l net.Listener) error {
	if x := f(); x > 0 && y {
		return nil
	}
	switch v {
	case 1, 2:
	case 3:
	default:
	}
	go func() { for { select { case <-c: } } }()
	return nil
}
)src");
   BOOST_TEST(cyclomatic(result, "Server.Serve") == 5U);
   BOOST_TEST(cyclomatic(result, "Server.Serve.<func>") == 3U);
}

BOOST_AUTO_TEST_CASE(python_branches) {
   const auto result = run(Language::Python, R"src(
class A:
    def m(self, x):
        if x and y or z:
            return [i for i in x if i]
        elif x:
            pass
        try:
            pass
        except ValueError:
            pass
        match x:
            case 1:
                pass
            case _:
                pass
)src");
   BOOST_TEST(cyclomatic(result, "A.m") == 9U);
}

BOOST_AUTO_TEST_CASE(cpp_qualified_names_and_lambdas) {
   const auto result = run(Language::Cpp, R"src(
namespace ns {
class Widget : public Base<int> {
 public:
  Widget(int x) : a_(x), b_{x} { if (x) {} }
  ~Widget() {}
  bool operator==(const Widget &o) const noexcept { return a_ == o.a_ || b_; }
};
int Widget::run(std::vector<int> &&v) {
  std::sort(v.begin(), v.end(), [](auto &&l, auto &&r) { return l < r || r > l; });
  for (auto &&e : v) { if (e) continue; }
  return 0;
}
}
)src");
   BOOST_TEST(cyclomatic(result, "ns::Widget::Widget") == 2U);
   BOOST_TEST(cyclomatic(result, "ns::Widget::~Widget") == 1U);
   BOOST_TEST(cyclomatic(result, "ns::Widget::operator==") == 2U);
   BOOST_TEST(cyclomatic(result, "ns::Widget::run") == 3U); // `auto &&` is not a conjunction
   BOOST_TEST(cyclomatic(result, "ns::Widget::run::<lambda>") == 2U);
}

BOOST_AUTO_TEST_SUITE_END()

// Rule (docs/native-analyzer.md): every nested function, lambda and closure is its own entry;
// its branches count for its own cyclomatic only, while its cognitive increments also count for
// the enclosing functions, one nesting level deeper.
BOOST_AUTO_TEST_SUITE(nested_functions)

BOOST_AUTO_TEST_CASE(javascript_closures) {
   const auto result = run(Language::JavaScript, R"src(
function outer(list) {
  return list.map(x => x > 0 ? x : -x)
}
)src");
   BOOST_TEST(cyclomatic(result, "outer") == 1U);
   BOOST_TEST(cyclomatic(result, "outer.<lambda>") == 2U);
   BOOST_TEST(cognitive(result, "outer.<lambda>") == 1U);
   BOOST_TEST(cognitive(result, "outer") == 2U); // ?: at nesting 1 inside the arrow
}

BOOST_AUTO_TEST_CASE(rust_closures_and_python_nested_def) {
   const auto rust = run(Language::Rust, R"src(
fn f(v: Vec<i32>) -> usize {
    let g = move || { if v.is_empty() { 0 } else { 1 } };
    v.iter().filter(|x| **x > 0 && **x < 9).count()
}
)src");
   BOOST_TEST(rust.functions.size() == 3U);
   BOOST_TEST(cyclomatic(rust, "f") == 1U);
   BOOST_TEST(cognitive(rust, "f") == 4U); // if +2 and else +1 in the closure, && +1
   const auto python = run(Language::Python, R"src(
def outer(q):
    def inner(q):
        while q:
            q -= 1
    return inner
)src");
   BOOST_TEST(cyclomatic(python, "outer") == 1U);
   BOOST_TEST(cyclomatic(python, "outer.inner") == 2U);
   BOOST_TEST(cognitive(python, "outer") == 2U);
   BOOST_TEST(function_named(python, "outer.inner").line_end == 5U);
}

BOOST_AUTO_TEST_SUITE_END()
