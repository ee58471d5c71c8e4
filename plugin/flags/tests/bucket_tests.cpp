// SPDX-License-Identifier: MIT
#include <pmat/flags/bucket.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <string>
#include <vector>

using namespace pmat::flags;

namespace {

std::string id(int i) {
   return "user:" + std::to_string(i);
}

// Chi-square critical values at p = 0.01 (statistics tables).
constexpr double k_chi2_99df = 134.642; // 99 degrees of freedom
constexpr double k_chi2_1df = 6.635;    // 1

} // namespace

BOOST_AUTO_TEST_SUITE(bucket)

// Published MurmurHash3_x86_32 vectors (the reference implementation's SMHasher outputs as
// collected by e.g. the Go and Python ports' tests).
BOOST_AUTO_TEST_CASE(murmur3_reference_vectors) {
   BOOST_TEST(murmur3_x86_32("", 0) == 0u);
   BOOST_TEST(murmur3_x86_32("", 1) == 0x514E28B7u);
   BOOST_TEST(murmur3_x86_32("", 0xffffffffu) == 0x81F16F39u);
   BOOST_TEST(murmur3_x86_32(std::string(4, '\0'), 0) == 0x2362F9DEu);
   BOOST_TEST(murmur3_x86_32("aaaa", 0x9747b28cu) == 0x5A97808Au);
   BOOST_TEST(murmur3_x86_32("abc", 0) == 0xB3DD93FAu);
   BOOST_TEST(murmur3_x86_32("Hello, world!", 0x9747b28cu) == 0x24884CBAu);
   BOOST_TEST(murmur3_x86_32("The quick brown fox jumps over the lazy dog", 0x9747b28cu) ==
              0x2FA826CDu);
}

// Pinned buckets: these must never change, or callers would move between Claude and native on
// an upgrade. Cross-checked with an independent pure-Python murmur3 (docs/flags.md
// "Bucketing"); ("gr1", "123") is the pair Unleash's SDK tests use for normalizedValue.
BOOST_AUTO_TEST_CASE(normalized_values_are_pinned) {
   BOOST_TEST(normalized_value("pmat.claude", "user:alice") == 35u);
   BOOST_TEST(normalized_value("pmat.claude", "project:/src/pmat") == 2u);
   BOOST_TEST(normalized_value("gr1", "123") == 73u);
   BOOST_TEST(normalized_value("", "") == murmur3_x86_32(":", 0) % 100 + 1);
   const std::string long_id(1000, 'x'); // beyond the stack buffer: same function of the bytes
   BOOST_TEST(normalized_value("s", long_id) == murmur3_x86_32("s:" + long_id, 0) % 100 + 1);
}

BOOST_AUTO_TEST_CASE(values_are_in_1_to_100_and_uniform) {
   std::array<int, 100> counts{};
   const int n = 100000;
   for (int i = 0; i < n; ++i) {
      const auto v = normalized_value("pmat.claude", id(i));
      if (v < 1 || v > 100)
         BOOST_FAIL("normalized value " << v << " out of 1..100");
      ++counts[v - 1];
   }
   const double expected = n / 100.0;
   double chi2 = 0;
   for (int c : counts)
      chi2 += (c - expected) * (c - expected) / expected;
   BOOST_TEST(chi2 < k_chi2_99df, "chi-square " << chi2);
}

BOOST_AUTO_TEST_CASE(raising_the_percentage_only_adds_callers) {
   int dropped = 0, in_at_0 = 0, out_at_100 = 0;
   for (int i = 0; i < 10000; ++i) {
      const auto v = normalized_value("pmat.claude", id(i));
      bool was_in = false;
      for (int p = 0; p <= 100; ++p) {
         const bool in = in_percentage(v, p);
         dropped += was_in && !in ? 1 : 0; // once in, in for every larger p
         was_in = in;
      }
      in_at_0 += in_percentage(v, 0) ? 1 : 0;
      out_at_100 += in_percentage(v, 100) ? 0 : 1;
   }
   BOOST_TEST(dropped == 0);
   BOOST_TEST(in_at_0 == 0);
   BOOST_TEST(out_at_100 == 0);
}

BOOST_AUTO_TEST_CASE(fifty_percent_of_1000_ids_is_about_half) {
   int in = 0;
   for (int i = 0; i < 1000; ++i)
      in += in_percentage(normalized_value("pmat.claude", id(i)), 50) ? 1 : 0;
   BOOST_TEST(in >= 450); // upstream's expectation
   BOOST_TEST(in <= 550);
}

BOOST_AUTO_TEST_CASE(different_salts_are_independent) {
   std::array<std::array<int, 10>, 10> joint{};
   std::array<std::array<int, 2>, 2> halves{};
   const int n = 100000;
   for (int i = 0; i < n; ++i) {
      const auto a = normalized_value("flag-a", id(i)), b = normalized_value("flag-b", id(i));
      ++joint[(a - 1) / 10][(b - 1) / 10];
      ++halves[in_percentage(a, 50)][in_percentage(b, 50)];
   }
   double chi2 = 0;
   for (const auto &row : joint)
      for (int c : row)
         chi2 += (c - n / 100.0) * (c - n / 100.0) / (n / 100.0);
   // Expected counts are fully specified (uniform, n/100 per cell), so 99 degrees of freedom.
   BOOST_TEST(chi2 < k_chi2_99df, "joint deciles chi-square " << chi2);
   // 2x2 independence at 50 %: expected counts from the margins.
   double chi2_halves = 0;
   const double rows[2] = {double(halves[0][0] + halves[0][1]),
                           double(halves[1][0] + halves[1][1])};
   const double cols[2] = {double(halves[0][0] + halves[1][0]),
                           double(halves[0][1] + halves[1][1])};
   for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c) {
         const double e = rows[r] * cols[c] / n;
         chi2_halves += (halves[r][c] - e) * (halves[r][c] - e) / e;
      }
   BOOST_TEST(chi2_halves < k_chi2_1df, "2x2 chi-square " << chi2_halves);
}

BOOST_AUTO_TEST_SUITE_END()
