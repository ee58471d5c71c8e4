// SPDX-License-Identifier: MIT
#include "print.hpp"

#include <pmat/flags/bucket.hpp>
#include <pmat/flags/decision.hpp>

#include <boost/test/unit_test.hpp>

#include <string_view>
#include <utility>

using namespace pmat::flags;

namespace {

FlagsConfig with(Strategy s, int p = 0, std::vector<std::string> allow = {}) {
   FlagsConfig c;
   c.strategy = s;
   c.percentage = p;
   c.allowlist = std::move(allow);
   c.normalize();
   return c;
}

Decision eval(const FlagsConfig &c, std::string_view id, EngineRequest req = EngineRequest::Auto,
              bool latched = false) {
   return evaluate(c, latched, EvalContext{id, req});
}

} // namespace

BOOST_AUTO_TEST_SUITE(evaluate_flags)

BOOST_AUTO_TEST_CASE(strategies) {
   BOOST_TEST(eval(with(Strategy::Disabled), "a").reason == Reason::Disabled);
   BOOST_TEST(!eval(with(Strategy::Disabled), "a").use_claude);
   BOOST_TEST(eval(with(Strategy::FullRollout), "a").use_claude);
   BOOST_TEST(eval(with(Strategy::FullRollout), "a").reason == Reason::FullRollout);
   const auto allow = with(Strategy::Allowlist, 0, {"b", "a"});
   BOOST_TEST(eval(allow, "a").reason == Reason::Allowlist);
   BOOST_TEST(eval(allow, "a").use_claude);
   BOOST_TEST(eval(allow, "c").reason == Reason::NotAllowlisted);
   BOOST_TEST(!eval(allow, "").use_claude);
}

BOOST_AUTO_TEST_CASE(percentage_splits_by_bucket_and_honours_the_allowlist_first) {
   FlagsConfig c = with(Strategy::Percentage, 30, {"vip"});
   int checked = 0;
   for (int i = 0; i < 500; ++i) {
      const std::string id = "user:" + std::to_string(i);
      const bool in = normalized_value(c.salt, id) <= 30;
      const Decision d = eval(c, id);
      BOOST_TEST(d.use_claude == in);
      BOOST_TEST(d.reason == (in ? Reason::SplitIn : Reason::SplitOut));
      ++checked;
   }
   BOOST_TEST(checked == 500);
   c.percentage = 0;
   BOOST_TEST(eval(c, "vip").reason == Reason::Allowlist); // upstream ignored it here
   BOOST_TEST(eval(c, "vip").use_claude);
   BOOST_TEST(eval(c, "").reason == Reason::Error);
}

BOOST_AUTO_TEST_CASE(percentage_is_clamped) {
   FlagsConfig c = with(Strategy::Percentage, 250);
   BOOST_TEST(c.percentage == 100);
   BOOST_TEST(eval(c, "anyone").use_claude);
   c = with(Strategy::Percentage, -5);
   BOOST_TEST(c.percentage == 0);
   BOOST_TEST(!eval(c, "anyone").use_claude);
}

BOOST_AUTO_TEST_CASE(kill_switch_overrides_everything) {
   for (auto s :
        {Strategy::Disabled, Strategy::Allowlist, Strategy::Percentage, Strategy::FullRollout}) {
      FlagsConfig c = with(s, 100, {"a"});
      c.kill_switch = true;
      for (auto req : {EngineRequest::Auto, EngineRequest::Claude, EngineRequest::Native}) {
         const Decision d = eval(c, "a", req);
         BOOST_TEST(!d.use_claude);
         BOOST_TEST(d.reason == Reason::KillSwitch);
      }
   }
}

BOOST_AUTO_TEST_CASE(rollback_latch_overrides_strategies_and_explicit_requests) {
   const FlagsConfig c = with(Strategy::FullRollout);
   BOOST_TEST(eval(c, "a", EngineRequest::Claude, true).reason == Reason::RollbackLatched);
   FlagsConfig from_file = c;
   from_file.rollback_latched = true;
   BOOST_TEST(!eval(from_file, "a").use_claude);
}

BOOST_AUTO_TEST_CASE(explicit_requests_are_honoured_when_nothing_stops_them) {
   BOOST_TEST(eval(with(Strategy::Disabled), "a", EngineRequest::Claude).use_claude);
   BOOST_TEST(eval(with(Strategy::Disabled), "a", EngineRequest::Claude).reason ==
              Reason::ExplicitClaude);
   BOOST_TEST(!eval(with(Strategy::FullRollout), "a", EngineRequest::Native).use_claude);
}

BOOST_AUTO_TEST_CASE(reason_names) {
   const std::pair<Reason, std::string_view> names[] = {
       {Reason::KillSwitch, "KILL_SWITCH"},
       {Reason::RollbackLatched, "ROLLBACK_LATCHED"},
       {Reason::ExplicitNative, "EXPLICIT_NATIVE"},
       {Reason::ExplicitClaude, "EXPLICIT_CLAUDE"},
       {Reason::Disabled, "DISABLED"},
       {Reason::Allowlist, "ALLOWLIST"},
       {Reason::NotAllowlisted, "NOT_ALLOWLISTED"},
       {Reason::SplitIn, "SPLIT_IN"},
       {Reason::SplitOut, "SPLIT_OUT"},
       {Reason::FullRollout, "FULL_ROLLOUT"},
       {Reason::Error, "ERROR"},
   };
   for (const auto &[reason, name] : names) {
      BOOST_TEST(to_string(reason) == name);
   }
   BOOST_TEST(to_string(static_cast<Reason>(99)) == "ERROR");
}

BOOST_AUTO_TEST_SUITE_END()
