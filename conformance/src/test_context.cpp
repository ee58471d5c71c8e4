// SPDX-License-Identifier: MIT
#include "test_context.hpp"

#include <functional>

namespace pmat::conformance {

namespace {
// A report with thousands of identical failures helps nobody; keep the first ones.
constexpr std::size_t k_max_failures = 40;
constexpr std::size_t k_max_notes = 60;

std::uint64_t test_seed(std::uint64_t seed, std::string_view id) {
   // Mixing in the id keeps each test's inputs stable when --filter changes which tests run.
   return seed ^ (std::hash<std::string_view>{}(id)*0x9e3779b97f4a7c15ULL);
}
} // namespace

TestContext::TestContext(const Options &options, std::string_view test_id)
    : options_(options), rng_(test_seed(options.seed, test_id)) {}

void TestContext::note(std::string line) {
   if (notes_.size() < k_max_notes)
      notes_.push_back(std::move(line));
}

bool TestContext::expect(bool ok, const std::string &failure) {
   if (!ok)
      fail(failure);
   return ok;
}

void TestContext::fail(std::string failure) {
   if (failures_.size() < k_max_failures)
      failures_.push_back(std::move(failure));
   else
      ++suppressed_;
}

void TestContext::require(bool ok, const std::string &failure) {
   if (!ok)
      throw AbortTest{failure};
}

void TestContext::skip(std::string reason) {
   throw SkipTest{std::move(reason)};
}

int scaled(const TestContext &ctx, int light, int base, int heavy) {
   if (ctx.level() <= 2)
      return light;
   if (ctx.level() >= 5)
      return heavy;
   return ctx.level() == 3 ? base : (base + heavy) / 2;
}

} // namespace pmat::conformance
