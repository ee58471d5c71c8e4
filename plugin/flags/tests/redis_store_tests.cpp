// SPDX-License-Identifier: MIT
// FlagStore fed by the fleet's Redis document: pushed changes, the last known document across
// restarts and outages, "Claude off" before the first read, a latch written for the whole fleet.
#include "print.hpp"
#include "redis_fixture.hpp"

#include <pmat/flags/last_known.hpp>
#include <pmat/flags/parse.hpp>
#include <pmat/flags/store.hpp>

#include <atomic>
#include <chrono>

using namespace pmat::flags;
using namespace pmat::flags::test;

namespace {

std::uint64_t monotonic_ns() {
   return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::steady_clock::now().time_since_epoch())
                                         .count());
}

struct StoreFixture : RedisFixture {
   std::filesystem::path last_known = dir / "state" / "flags-last-known.json";

   std::unique_ptr<FlagStore> store() {
      StoreOptions o;
      o.source = source();
      o.last_known_file = last_known;
      return std::make_unique<FlagStore>(std::move(o), monotonic_ns);
   }
   void edit(const std::function<void(FlagsConfig &)> &change) {
      const auto r = source()->update(change);
      BOOST_REQUIRE_MESSAGE(r.ok, r.error);
   }
};

const EvalContext k_alice{"user:alice", EngineRequest::Auto};

} // namespace

BOOST_AUTO_TEST_SUITE(redis_store)

BOOST_FIXTURE_TEST_CASE(a_host_that_never_saw_the_document_keeps_claude_off, StoreFixture) {
   redis.stop();
   auto flags = store();
   BOOST_TEST(flags->current().kill_switch);
   BOOST_TEST(flags->evaluate({"user:alice", EngineRequest::Claude}).reason == Reason::KillSwitch);
   BOOST_TEST(flags->source_health().serving == "none");
   BOOST_TEST(eventually([&] { return flags->source_errors() > 0; }));
   BOOST_TEST(!flags->source_up());
}

BOOST_FIXTURE_TEST_CASE(an_operators_change_reaches_a_running_store_at_once, StoreFixture) {
   edit([](FlagsConfig &c) { c.strategy = Strategy::FullRollout; });
   auto flags = store();
   BOOST_REQUIRE(eventually([&] { return flags->evaluate(k_alice).use_claude; }));
   BOOST_TEST(flags->source_up());
   BOOST_TEST(flags->source_health().serving == "source");
   BOOST_TEST(flags->source_health().revision == 1u);
   const auto before = std::chrono::steady_clock::now();
   edit([](FlagsConfig &c) { c.kill_switch = true; });
   BOOST_REQUIRE(eventually([&] { return flags->evaluate(k_alice).reason == Reason::KillSwitch; }));
   const auto took = std::chrono::steady_clock::now() - before;
   BOOST_TEST(took < std::chrono::milliseconds(500)); // pushed, not waiting for the re-read
   BOOST_TEST(flags->source_last_update_unix_ms() > 0u);
}

BOOST_FIXTURE_TEST_CASE(the_last_known_document_serves_a_restart_while_redis_is_away,
                        StoreFixture) {
   edit([](FlagsConfig &c) {
      c.strategy = Strategy::Percentage;
      c.percentage = 42;
   });
   {
      auto first = store();
      BOOST_REQUIRE(eventually([&] { return first->current().percentage == 42; }));
   }
   redis.stop();
   auto restarted = store();
   BOOST_TEST(restarted->current().percentage == 42);
   BOOST_TEST(!restarted->current().kill_switch);
   BOOST_TEST(restarted->source_health().serving == "last-known");
   BOOST_TEST(restarted->source_health().revision == 1u);
}

BOOST_FIXTURE_TEST_CASE(an_outage_keeps_the_flags_and_a_kill_set_meanwhile_applies_on_reconnect,
                        StoreFixture) {
   edit([](FlagsConfig &c) { c.strategy = Strategy::FullRollout; });
   auto flags = store();
   BOOST_REQUIRE(eventually([&] { return flags->evaluate(k_alice).use_claude; }));
   redis.stop();
   BOOST_REQUIRE(eventually([&] { return !flags->source_up(); }));
   BOOST_TEST(flags->evaluate(k_alice).use_claude); // the flags in force stay
   BOOST_REQUIRE(redis.start());                    // empty: persistence is off
   edit([](FlagsConfig &c) {
      c.strategy = Strategy::FullRollout;
      c.kill_switch = true;
   });
   BOOST_TEST(eventually([&] { return flags->evaluate(k_alice).reason == Reason::KillSwitch; }));
   BOOST_TEST(flags->source_up());
   BOOST_TEST(flags->source_health().last_error == ""); // the outage is over
}

BOOST_FIXTURE_TEST_CASE(redis_restarted_empty_keeps_the_last_document_and_says_so, StoreFixture) {
   edit([](FlagsConfig &c) { c.strategy = Strategy::FullRollout; });
   auto flags = store();
   BOOST_REQUIRE(eventually([&] { return flags->evaluate(k_alice).use_claude; }));
   redis.stop();
   BOOST_REQUIRE(redis.start());
   BOOST_REQUIRE(eventually([&] { return flags->source_health().document_missing; }));
   BOOST_TEST(flags->evaluate(k_alice).use_claude);
   BOOST_TEST(flags->source_health().serving == "source");
   BOOST_TEST(flags->source_up());
}

BOOST_FIXTURE_TEST_CASE(a_latch_is_written_to_the_shared_document_and_one_clear_clears_all,
                        StoreFixture) {
   edit([](FlagsConfig &c) { c.strategy = Strategy::FullRollout; });
   auto host_a = store();
   auto host_b = store();
   BOOST_REQUIRE(eventually([&] { return host_b->evaluate(k_alice).use_claude; }));
   host_a->latch_rollback("error ratio 0.200 > 0.050 in 3 consecutive windows of 1000 ms");
   BOOST_TEST(
       eventually([&] { return host_b->evaluate(k_alice).reason == Reason::RollbackLatched; }));
   const auto stored = parse_flags_json(source()->fetch().document.text);
   BOOST_REQUIRE(stored.config);
   BOOST_TEST(stored.config->rollback_latched);
   BOOST_TEST(stored.config->rollback_reason.find("error ratio 0.200") == 0u);
   BOOST_REQUIRE(host_b->clear_rollback().ok);
   BOOST_TEST(eventually([&] { return host_a->evaluate(k_alice).use_claude; }));
   BOOST_TEST(!host_a->rollback_latched());
}

BOOST_FIXTURE_TEST_CASE(edits_through_the_store_go_to_redis_and_refresh_reads_it, StoreFixture) {
   auto operator_store = store();
   BOOST_REQUIRE(operator_store->set_kill_switch(true).ok);
   const auto stored = parse_flags_json(source()->fetch().document.text);
   BOOST_REQUIRE(stored.config);
   BOOST_TEST(stored.config->kill_switch);
   edit([](FlagsConfig &c) { c.percentage = 7; });
   BOOST_TEST(operator_store->reload());
   BOOST_TEST(operator_store->current().percentage == 7);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(redis_fleet_rollback)

// Two hosts with ~12 requests per 250 ms window each (20 % errors), min_requests 20: neither
// alone has enough data, together they breach; the fleet latches once, in the shared document.
BOOST_FIXTURE_TEST_CASE(hosts_below_the_minimum_alone_trip_together_and_latch_once, StoreFixture) {
   edit([](FlagsConfig &c) {
      c.strategy = Strategy::FullRollout;
      c.rollback.window_ms = 250;
      c.rollback.consecutive_windows = 2;
      c.rollback.min_requests = 20;
   });
   auto host_a = store();
   auto host_b = store();
   BOOST_REQUIRE(eventually([&] { return host_b->current().rollback.window_ms == 250u; }));
   std::atomic<bool> stop{false};
   auto traffic = [&](FlagStore &host) {
      for (int i = 0; !stop; ++i) {
         host.record_claude_result(i % 5 != 0, 1'000'000);
         std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
   };
   std::thread a(traffic, std::ref(*host_a)), b(traffic, std::ref(*host_b));
   const bool latched =
       eventually([&] { return host_a->rollback_latched() && host_b->rollback_latched(); },
                  std::chrono::milliseconds(5000));
   stop = true;
   a.join();
   b.join();
   BOOST_REQUIRE(latched);
   BOOST_TEST(host_a->counters().rollbacks + host_b->counters().rollbacks == 1u);
   const auto stored = parse_flags_json(source()->fetch().document.text);
   BOOST_REQUIRE(stored.config);
   BOOST_TEST(stored.config->rollback_latched);
   BOOST_TEST(stored.config->rollback_reason.find("fleet error ratio") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
