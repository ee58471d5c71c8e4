// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <pmat/cache/l1_cache.hpp>

#include <boost/test/unit_test.hpp>

#include <random>

using namespace pmat::cache;
using pmat::cache::test::FakeClock;
using pmat::cache::test::key_for;
using Status = L1ImportReport::Status;

namespace {

std::string filled_blob(FakeClock &clock) {
   L1Cache c({}, clock.fn());
   c.put(key_for("a"), std::make_shared<const Value>(Value{Kind::Claude, "A"}), 1000);
   c.put(key_for("b", Engine::Native), std::make_shared<const Value>(Value{Kind::Native, "B"}),
         1000);
   c.put(key_for("h", Engine::Host), std::make_shared<const Value>(Value{Kind::Host, "H"}), 1000);
   c.put(key_for("gone"), std::make_shared<const Value>(Value{Kind::Claude, "G"}), 10);
   clock.advance(500); // "gone" expires before the export
   return c.export_blob();
}

} // namespace

BOOST_AUTO_TEST_SUITE(l1_blob)

BOOST_AUTO_TEST_CASE(round_trip_keeps_values_and_remaining_ttl) {
   FakeClock clock;
   const std::string blob = filled_blob(clock);
   FakeClock next; // a new generation: a different clock origin
   next.now = 42;
   L1Cache c({}, next.fn());
   const auto report = c.import_blob(blob);
   BOOST_TEST(static_cast<int>(report.status) == static_cast<int>(Status::Ok));
   BOOST_TEST(report.imported == 3u);
   BOOST_TEST(c.peek(key_for("a"))->payload == "A");
   BOOST_TEST(c.peek(key_for("h", Engine::Host))->kind == Kind::Host); // the host's, too
   BOOST_TEST(c.peek(key_for("b", Engine::Native))->kind == Kind::Native);
   BOOST_TEST(!c.peek(key_for("gone")));
   next.advance(500); // 500 ns were left
   BOOST_TEST(c.peek(key_for("a")));
   next.advance(1);
   BOOST_TEST(!c.peek(key_for("a")));
}

BOOST_AUTO_TEST_CASE(unknown_version_and_garbage_are_a_clean_cold_start) {
   FakeClock clock;
   std::string blob = filled_blob(clock);
   L1Cache c({}, clock.fn());
   c.put(key_for("keep"), std::make_shared<const Value>(Value{Kind::Claude, "K"}), 1000);

   std::string v2 = blob;
   v2[14] = '2';
   BOOST_TEST(static_cast<int>(c.import_blob(v2).status) ==
              static_cast<int>(Status::UnknownVersion));
   BOOST_TEST(static_cast<int>(c.import_blob("").status) == static_cast<int>(Status::Empty));
   BOOST_TEST(static_cast<int>(c.import_blob("garbage").status) ==
              static_cast<int>(Status::Corrupt));
   BOOST_TEST(static_cast<int>(c.import_blob(blob.substr(0, blob.size() - 1)).status) ==
              static_cast<int>(Status::Corrupt));
   BOOST_TEST(c.stats().entries == 1u); // untouched by every failed import
}

// Every truncation and many random mutations: never a crash, never a partial import.
BOOST_AUTO_TEST_CASE(mutated_blobs_never_import_partially) {
   FakeClock clock;
   const std::string blob = filled_blob(clock);
   std::mt19937 rng(7);
   for (std::size_t len = 0; len < blob.size(); ++len) {
      L1Cache c({}, clock.fn());
      BOOST_TEST(c.import_blob(blob.substr(0, len)).imported == 0u);
   }
   for (int i = 0; i < 2000; ++i) {
      std::string m = blob;
      m[rng() % m.size()] ^= static_cast<char>(1 + rng() % 255);
      L1Cache c({}, clock.fn());
      const auto r = c.import_blob(m);
      BOOST_TEST(r.imported == 0u);
      BOOST_TEST(c.stats().entries == 0u);
   }
}

BOOST_AUTO_TEST_SUITE_END()
