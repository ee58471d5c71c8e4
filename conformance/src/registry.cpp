// SPDX-License-Identifier: MIT
#include "test_case.hpp"

namespace pmat::conformance {

namespace {
std::vector<TestCase> build() {
   std::vector<TestCase> tests;
   add_loading_tests(tests);
   add_negotiation_tests(tests);
   add_interface_tests(tests);
   add_analyzer_tests(tests);
   add_error_tests(tests);
   add_lifecycle_tests(tests);
   add_thread_tests(tests);
   add_state_tests(tests);
   add_reload_tests(tests);
   add_metrics_tests(tests);
   add_cache_tests(tests);
   return tests;
}
} // namespace

const std::vector<TestCase> &all_tests() {
   static const std::vector<TestCase> k_tests = build();
   return k_tests;
}

const TestCase *find_test(std::string_view id) {
   for (const auto &test : all_tests())
      if (test.id == id)
         return &test;
   return nullptr;
}

} // namespace pmat::conformance
