// SPDX-License-Identifier: MIT
// RedisFlagSource alone: atomic edits, announcements, and what an operator sees in Redis.
#include "redis_fixture.hpp"

#include <pmat/flags/parse.hpp>

#include <atomic>
#include <mutex>

using namespace pmat::flags;
using namespace pmat::flags::test;

BOOST_AUTO_TEST_SUITE(redis_source)

BOOST_FIXTURE_TEST_CASE(the_first_edit_creates_the_document_and_each_edit_bumps_the_revision,
                        RedisFixture) {
   auto source = this->source();
   const auto empty = source->fetch();
   BOOST_REQUIRE(empty.ok);
   BOOST_TEST(!empty.document.present);
   const auto first = source->update([](FlagsConfig &c) { c.kill_switch = true; });
   BOOST_REQUIRE_MESSAGE(first.ok, first.error);
   BOOST_TEST(first.changed);
   BOOST_TEST(first.document.revision == 1u);
   const auto second = source->update([](FlagsConfig &c) { c.percentage = 10; });
   BOOST_TEST(second.document.revision == 2u);
   const auto read = source->fetch();
   BOOST_REQUIRE(read.document.present);
   const auto parsed = parse_flags_json(read.document.text);
   BOOST_REQUIRE(parsed.config);
   BOOST_TEST(parsed.config->kill_switch);
   BOOST_TEST(parsed.config->percentage == 10);
   BOOST_TEST(read.document.revision == 2u);
}

BOOST_FIXTURE_TEST_CASE(an_edit_that_changes_nothing_writes_nothing, RedisFixture) {
   auto source = this->source();
   BOOST_REQUIRE(source->update([](FlagsConfig &c) { c.kill_switch = true; }).ok);
   const auto again = source->update([](FlagsConfig &c) { c.kill_switch = true; });
   BOOST_TEST(again.ok);
   BOOST_TEST(!again.changed);
   BOOST_TEST(again.document.revision == 1u);
}

// Two operators editing at the same moment: every change of both survives.
BOOST_FIXTURE_TEST_CASE(two_concurrent_writers_never_lose_an_update, RedisFixture) {
   constexpr int k_each = 60;
   // Boost.Test assertions are not thread-safe: each writer keeps its first error for the end.
   auto writer = [this](const std::string &name, std::string &error) {
      auto source = this->source(); // its own connection, as another operator's machine
      for (int i = 0; i < k_each && error.empty(); ++i)
         error =
             source
                 ->update([&](FlagsConfig &c) { c.allowlist.push_back(name + std::to_string(i)); })
                 .error;
   };
   std::string alice_error, bob_error;
   std::thread alice(writer, "alice-", std::ref(alice_error));
   std::thread bob(writer, "bob-", std::ref(bob_error));
   alice.join();
   bob.join();
   BOOST_TEST(alice_error == "");
   BOOST_TEST(bob_error == "");
   const auto read = source()->fetch();
   const auto parsed = parse_flags_json(read.document.text);
   BOOST_REQUIRE(parsed.config);
   BOOST_TEST(parsed.config->allowlist.size() == 2u * k_each);
   BOOST_TEST(read.document.revision == 2u * k_each);
}

BOOST_FIXTURE_TEST_CASE(a_malformed_document_is_never_overwritten, RedisFixture) {
   auto source = this->source();
   const std::string key = source->document_key();
   const std::string bad = R"({"kill_swich": true})";
   redis.raw("*4\r\n$4\r\nHSET\r\n$" + std::to_string(key.size()) + "\r\n" + key +
             "\r\n$3\r\ndoc\r\n$" + std::to_string(bad.size()) + "\r\n" + bad + "\r\n");
   const auto r = source->update([](FlagsConfig &c) { c.kill_switch = true; });
   BOOST_TEST(!r.ok);
   BOOST_TEST(r.error.find("kill_swich") != std::string::npos);
   BOOST_TEST(source->fetch().document.text == bad);
}

BOOST_FIXTURE_TEST_CASE(every_edit_is_announced_to_a_started_source, RedisFixture) {
   auto watcher = this->source();
   std::mutex mu;
   std::vector<std::uint64_t> seen;
   watcher->start({[&](const SourceDocument &d) {
                      std::lock_guard lock(mu);
                      seen.push_back(d.revision);
                   },
                   [](const std::string &) {}, nullptr});
   BOOST_REQUIRE(eventually([&] {
      std::lock_guard lock(mu);
      return !seen.empty(); // the read on connection
   }));
   auto editor = this->source();
   BOOST_REQUIRE(editor->update([](FlagsConfig &c) { c.kill_switch = true; }).ok);
   BOOST_TEST(eventually([&] {
      std::lock_guard lock(mu);
      return seen.back() == 1u;
   }));
   watcher->stop();
}

BOOST_FIXTURE_TEST_CASE(an_unreachable_server_is_reported_and_retried, RedisFixture) {
   auto watcher = this->source();
   redis.stop();
   std::atomic<int> failures{0};
   std::atomic<bool> read{false};
   watcher->start({[&](const SourceDocument &) { read = true; },
                   [&](const std::string &) { ++failures; }, nullptr});
   BOOST_TEST(eventually([&] { return failures.load() >= 2; })); // retried, with backoff
   BOOST_REQUIRE(redis.start());
   BOOST_TEST(eventually([&] { return read.load(); }));
   watcher->stop();
   BOOST_TEST(!watcher->fetch().document.present);
}

BOOST_AUTO_TEST_SUITE_END()
