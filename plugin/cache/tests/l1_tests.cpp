// SPDX-License-Identifier: MIT
#include "test_support.hpp"

#include <pmat/cache/l1_cache.hpp>

#include <boost/test/unit_test.hpp>

using namespace pmat::cache;
using pmat::cache::test::FakeClock;
using pmat::cache::test::key_for;

namespace {

ValuePtr claude(const std::string &payload) {
   return std::make_shared<const Value>(Value{Kind::Claude, payload});
}

} // namespace

BOOST_AUTO_TEST_SUITE(l1)

BOOST_AUTO_TEST_CASE(put_then_get_counts_hits_and_misses) {
   FakeClock clock;
   L1Cache c({}, clock.fn());
   const Key k = key_for("a");
   BOOST_TEST(!c.get(k));
   BOOST_TEST(c.put(k, claude("A"), 1000));
   BOOST_TEST(c.get(k)->payload == "A");
   const auto s = c.stats();
   BOOST_TEST(s.hits == 1u);
   BOOST_TEST(s.misses == 1u);
   BOOST_TEST(s.entries == 1u);
   BOOST_TEST(s.bytes == 1u + k_l1_entry_overhead);
}

BOOST_AUTO_TEST_CASE(ttl_follows_the_injected_clock) {
   FakeClock clock;
   L1Cache c({}, clock.fn());
   const Key k = key_for("a");
   c.put(k, claude("A"), 100);
   clock.advance(100); // now == expires: still valid (expired only when now > expires)
   BOOST_TEST(c.get(k));
   clock.advance(1);
   BOOST_TEST(!c.get(k));
   BOOST_TEST(c.stats().expirations == 1u);
   BOOST_TEST(c.stats().entries == 0u);
}

BOOST_AUTO_TEST_CASE(entry_bound_evicts_least_recently_used) {
   FakeClock clock;
   L1Cache c({.max_entries = 2, .max_bytes = 1u << 20, .shards = 1}, clock.fn());
   const Key a = key_for("a"), b = key_for("b"), d = key_for("d");
   c.put(a, claude("A"), 1000);
   c.put(b, claude("B"), 1000);
   BOOST_TEST(c.get(a)); // a is now more recent than b
   c.put(d, claude("D"), 1000);
   BOOST_TEST(c.peek(a));
   BOOST_TEST(!c.peek(b));
   BOOST_TEST(c.peek(d));
   BOOST_TEST(c.stats().evictions == 1u);
}

BOOST_AUTO_TEST_CASE(byte_bound_evicts) {
   FakeClock clock;
   const std::size_t budget = 3 * (100 + k_l1_entry_overhead);
   L1Cache c({.max_entries = 100, .max_bytes = budget, .shards = 1}, clock.fn());
   for (int i = 0; i < 5; ++i)
      c.put(key_for(std::to_string(i)), claude(std::string(100, 'x')), 1000);
   const auto s = c.stats();
   BOOST_TEST(s.entries == 3u);
   BOOST_TEST(s.bytes <= budget);
   BOOST_TEST(s.evictions == 2u);
   BOOST_TEST(!c.put(key_for("huge"), claude(std::string(budget, 'x')), 1000));
}

BOOST_AUTO_TEST_CASE(a_native_answer_cannot_be_stored_under_a_claude_key) {
   FakeClock clock;
   L1Cache c({}, clock.fn());
   const Key claude_key = key_for("a", Engine::Claude);
   const Key native_key = key_for("a", Engine::Native);
   auto native = std::make_shared<const Value>(Value{Kind::Native, "N"});
   BOOST_TEST(!c.put(claude_key, native, 1000));
   BOOST_TEST(!c.peek(claude_key));
   BOOST_TEST(c.put(native_key, native, 1000));
   BOOST_TEST(!c.put(native_key, claude("C"), 1000));
   auto negative = std::make_shared<const Value>(Value{Kind::Negative, "binary"});
   BOOST_TEST(c.put(claude_key, negative, 1000));
   BOOST_TEST(!storable(Engine::Claude, Kind::Native));
   BOOST_TEST(storable(Engine::Claude, Kind::Negative));
}

// pmat.cache/1's entries: host bytes only under host keys, and nothing else under them.
BOOST_AUTO_TEST_CASE(host_entries_have_a_key_space_of_their_own) {
   FakeClock clock;
   L1Cache c({}, clock.fn());
   const Key host_key = key_for("a", Engine::Host);
   auto host = std::make_shared<const Value>(Value{Kind::Host, "bytes"});
   BOOST_TEST(c.put(host_key, host, 1000));
   BOOST_TEST(!c.put(key_for("a", Engine::Claude), host, 1000));
   BOOST_TEST(!c.put(key_for("a", Engine::Native), host, 1000));
   BOOST_TEST(!c.put(host_key, claude("C"), 1000));
   auto negative = std::make_shared<const Value>(Value{Kind::Negative, "binary"});
   BOOST_TEST(!c.put(host_key, negative, 1000));
   BOOST_TEST(!(host_key == key_for("a", Engine::Claude)));
   BOOST_TEST(c.peek(host_key)->payload == "bytes");
}

BOOST_AUTO_TEST_CASE(clearing_one_engine_keeps_the_others) {
   FakeClock clock;
   L1Cache c({}, clock.fn());
   c.put(key_for("a"), claude("A"), 1000);
   c.put(key_for("h1", Engine::Host), std::make_shared<const Value>(Value{Kind::Host, "1"}), 1000);
   c.put(key_for("h2", Engine::Host), std::make_shared<const Value>(Value{Kind::Host, "2"}), 1000);
   BOOST_TEST(c.clear(Engine::Host) == 2u);
   BOOST_TEST(!c.peek(key_for("h1", Engine::Host)));
   BOOST_TEST(c.peek(key_for("a"))->payload == "A");
   BOOST_TEST(c.stats().entries == 1u);
   BOOST_TEST(c.stats().bytes == 1u + k_l1_entry_overhead);
}

BOOST_AUTO_TEST_CASE(clear_keeps_counters) {
   FakeClock clock;
   L1Cache c({}, clock.fn());
   const Key k = key_for("a");
   c.put(k, claude("A"), 1000);
   c.get(k);
   c.get(key_for("b"));
   c.clear();
   const auto s = c.stats();
   BOOST_TEST(s.entries == 0u);
   BOOST_TEST(s.bytes == 0u);
   BOOST_TEST(s.hits == 1u);
   BOOST_TEST(s.misses == 1u);
   BOOST_TEST(!c.get(k));
}

BOOST_AUTO_TEST_CASE(replacing_an_entry_keeps_sizes_exact) {
   FakeClock clock;
   L1Cache c({}, clock.fn());
   const Key k = key_for("a");
   c.put(k, claude("AAAA"), 1000);
   c.put(k, claude("B"), 1000);
   BOOST_TEST(c.stats().entries == 1u);
   BOOST_TEST(c.stats().bytes == 1u + k_l1_entry_overhead);
   BOOST_TEST(c.peek(k)->payload == "B");
}

BOOST_AUTO_TEST_SUITE_END()
