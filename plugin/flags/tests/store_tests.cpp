// SPDX-License-Identifier: MIT
#include "print.hpp"

#include <pmat/flags/parse.hpp>
#include <pmat/flags/store.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <fstream>
#include <map>
#include <random>
#include <unistd.h>

using namespace pmat::flags;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t k_ms = 1'000'000;

struct Fixture {
   fs::path dir = fs::temp_directory_path() / ("pmat-flags-store-" + std::to_string(::getpid()) +
                                               "-" + std::to_string(std::random_device{}()));
   fs::path file = dir / "pmat" / "flags.json";
   std::atomic<std::uint64_t> now{5'000 * k_ms};
   std::map<std::string, std::string> env;
   std::vector<std::string> logs;

   Fixture() { fs::create_directories(file.parent_path()); }
   ~Fixture() {
      std::error_code ec;
      fs::remove_all(dir, ec);
   }
   StoreOptions options() {
      StoreOptions o;
      o.file = file;
      o.getenv = [this](const char *n) -> const char * {
         const auto it = env.find(n);
         return it == env.end() ? nullptr : it->second.c_str();
      };
      o.log = [this](LogLevel, const std::string &m) { logs.push_back(m); };
      return o;
   }
   std::unique_ptr<FlagStore> store() {
      return std::make_unique<FlagStore>(options(), [this] { return now.load(); });
   }
   void write(const std::string &text) { std::ofstream(file, std::ios::trunc) << text; }
   Decision ask(FlagStore &s, std::string_view id = "user:a") {
      return s.evaluate(EvalContext{id, EngineRequest::Auto});
   }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(store, Fixture)

BOOST_AUTO_TEST_CASE(no_file_means_defaults) {
   auto s = store();
   BOOST_TEST(ask(*s).reason == Reason::Disabled);
   BOOST_TEST(s->last_error().empty());
}

BOOST_AUTO_TEST_CASE(a_file_change_takes_effect_within_the_check_interval) {
   write(R"({"claude":{"strategy":"full_rollout"}})");
   auto s = store();
   BOOST_TEST(ask(*s).use_claude);
   write(R"({"kill_switch":true,"claude":{"strategy":"full_rollout"}})");
   now += 249 * k_ms;
   BOOST_TEST(ask(*s).use_claude); // not checked yet: the request path stats at most every 250 ms
   now += 1 * k_ms;
   BOOST_TEST(ask(*s).reason == Reason::KillSwitch);
   BOOST_TEST(s->counters().reloads == 2u);
}

BOOST_AUTO_TEST_CASE(a_malformed_file_keeps_the_last_good_flags) {
   write(R"({"claude":{"strategy":"full_rollout"}})");
   auto s = store();
   write(R"({"claude":{"strategy":"full_rollout"}, "kill_swich": true})");
   now += 300 * k_ms;
   const Decision d = ask(*s);
   BOOST_TEST(d.use_claude);
   BOOST_TEST(s->last_error().find("kill_swich") != std::string::npos);
   BOOST_TEST(s->counters().reload_errors == 1u);
   BOOST_TEST(logs.size() == 1u);
   now += 300 * k_ms;
   ask(*s);
   BOOST_TEST(logs.size() == 1u); // the same bad text is reported once
   write(R"({"kill_switch":true})");
   now += 300 * k_ms;
   BOOST_TEST(ask(*s).reason == Reason::KillSwitch);
   BOOST_TEST(s->last_error().empty());
}

BOOST_AUTO_TEST_CASE(edits_are_atomic_immediate_and_never_clobber_a_bad_file) {
   auto s = store();
   BOOST_TEST(s->edit([](FlagsConfig &c) {
                  c.strategy = Strategy::Percentage;
                  c.percentage = 100;
               }).ok);
   BOOST_TEST(ask(*s).reason == Reason::SplitIn); // no need to wait for the poll
   BOOST_TEST(s->set_kill_switch(true).ok);
   BOOST_TEST(ask(*s).reason == Reason::KillSwitch);
   std::ifstream in(file);
   const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
   const auto parsed = parse_flags_json(text);
   BOOST_TEST_REQUIRE(parsed.config.has_value());
   BOOST_TEST(parsed.config->kill_switch);
   BOOST_TEST(parsed.config->percentage == 100);
   for (const auto &e : fs::directory_iterator(file.parent_path()))
      BOOST_TEST(e.path().extension() != ".tmp");

   write("{ broken");
   const FileResult r = s->set_kill_switch(false);
   BOOST_TEST(!r.ok);
   BOOST_TEST(r.error.find("malformed") != std::string::npos);
   std::ifstream again(file);
   BOOST_TEST(std::string((std::istreambuf_iterator<char>(again)), {}) == "{ broken");
}

BOOST_AUTO_TEST_CASE(environment_kill_switch_and_limits) {
   env["PMAT_CLAUDE_KILL_SWITCH"] = "true";
   env["CLAUDE_MAX_LATENCY"] = "1234";
   write(R"({"claude":{"strategy":"full_rollout"}})");
   auto s = store();
   BOOST_TEST(ask(*s).reason == Reason::KillSwitch);
   BOOST_TEST(s->current().max_latency_ms == 1234u);
}

BOOST_AUTO_TEST_CASE(auto_rollback_latches_persists_and_is_cleared_by_an_operator) {
   write(R"({"claude":{"strategy":"full_rollout"},
             "rollback":{"window_ms":1000,"min_requests":5,"consecutive_windows":2}})");
   auto s = store();
   for (int w = 0; w < 3 && !s->rollback_latched(); ++w) {
      for (int i = 0; i < 10; ++i) {
         s->record_claude_result(false, 10 * k_ms);
         now += 50 * k_ms;
      }
      now += 500 * k_ms; // on to the next 1 s window
   }
   s->record_claude_result(true, 10 * k_ms); // closes the last bad window
   BOOST_TEST(s->rollback_latched());
   BOOST_TEST(ask(*s).reason == Reason::RollbackLatched);
   BOOST_TEST(s->evaluate({"user:a", EngineRequest::Claude}).reason == Reason::RollbackLatched);
   BOOST_TEST(s->counters().rollbacks == 1u);
   BOOST_TEST(logs.back().find("auto-rollback latched") != std::string::npos);

   auto restarted = store(); // the latch survives a restart through the file
   BOOST_TEST(ask(*restarted).reason == Reason::RollbackLatched);
   BOOST_TEST(restarted->current().rollback_reason.find("error ratio") == 0u);

   BOOST_TEST(restarted->clear_rollback().ok); // e.g. `pmat-host flags clear-rollback`
   BOOST_TEST(ask(*restarted).use_claude);
   now += 300 * k_ms; // the first store sees the operator's clear through the file
   BOOST_TEST(ask(*s).reason == Reason::FullRollout);
   BOOST_TEST(!s->rollback_latched());
}

BOOST_AUTO_TEST_CASE(without_a_file_the_api_still_works) {
   StoreOptions o;
   FlagStore s(o, [this] { return now.load(); });
   s.edit([](FlagsConfig &c) { c.strategy = Strategy::FullRollout; });
   BOOST_TEST(ask(s).use_claude);
   s.latch_rollback("operator test");
   BOOST_TEST(ask(s).reason == Reason::RollbackLatched);
   BOOST_TEST(s.clear_rollback().ok);
   BOOST_TEST(ask(s).use_claude);
}

BOOST_AUTO_TEST_SUITE_END()
