// SPDX-License-Identifier: MIT
// The description of one conformance test and the registry of all of them.
#pragma once

#include <string_view>
#include <vector>

namespace pmat::conformance {

class TestContext;

struct TestCase {
   std::string_view id;          // kebab-case and stable: CI filters and fixture checks use it
   std::string_view group;       // loading, negotiation, interfaces, calls, threads, ...
   std::string_view requirement; // PMAT-ABI-0xx from plugin_api.h, or a quoted contract sentence
   int level;                    // 1 = cheapest .. 5 = heaviest; a run includes levels <= --level
   std::string_view description; // one sentence
   void (*run)(TestContext &);
};

// Every test, in report order.
const std::vector<TestCase> &all_tests();
const TestCase *find_test(std::string_view id);

// One registration function per group file under tests/.
void add_loading_tests(std::vector<TestCase> &out);
void add_negotiation_tests(std::vector<TestCase> &out);
void add_interface_tests(std::vector<TestCase> &out);
void add_analyzer_tests(std::vector<TestCase> &out);
void add_error_tests(std::vector<TestCase> &out);
void add_lifecycle_tests(std::vector<TestCase> &out);
void add_thread_tests(std::vector<TestCase> &out);
void add_state_tests(std::vector<TestCase> &out);
void add_reload_tests(std::vector<TestCase> &out);
void add_metrics_tests(std::vector<TestCase> &out);
void add_cache_tests(std::vector<TestCase> &out);

} // namespace pmat::conformance
