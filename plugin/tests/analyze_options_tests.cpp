// SPDX-License-Identifier: MIT
#include <boost/test/unit_test.hpp>

#include "analyze_options.hpp"
#include "c_boundary.hpp"

using namespace pmat::plugin;

namespace {
pmat_status refusal(const char *json) {
   try {
      parse_analyze_options(json);
   } catch (const StatusError &e) {
      return e.status();
   }
   return PMAT_STATUS_OK;
}
} // namespace

BOOST_AUTO_TEST_CASE(defaults_without_options) {
   const auto options = parse_analyze_options(nullptr);
   BOOST_TEST((options.engine == Engine::Auto));
   BOOST_TEST(options.profile == "default");
   BOOST_TEST(!options.deadline_ms.has_value());
}

BOOST_AUTO_TEST_CASE(every_known_option_is_read) {
   const auto options = parse_analyze_options(
       R"({"engine":"native","profile":"strict","caller_id":"ci-7","deadline_ms":1500})");
   BOOST_TEST((options.engine == Engine::Native));
   BOOST_TEST(options.profile == "strict");
   BOOST_TEST(options.caller_id == "ci-7");
   BOOST_TEST(*options.deadline_ms == 1500u);
}

// What the fronts pass for Claude: the model, its deadline (timeout_ms, a synonym of
// deadline_ms; the smaller wins) and the output budget per file.
BOOST_AUTO_TEST_CASE(claude_request_options_are_read) {
   const auto options = parse_analyze_options(
       R"({"model":"claude-haiku-4-5","timeout_ms":9000,"max_output_tokens":2048})");
   BOOST_TEST(options.model == "claude-haiku-4-5");
   BOOST_TEST(*options.deadline_ms == 9000u);
   BOOST_TEST(*options.max_output_tokens == 2048u);
   BOOST_TEST(*parse_analyze_options(R"({"timeout_ms":9000,"deadline_ms":700})").deadline_ms ==
              700u);
   BOOST_TEST(refusal(R"({"timeout_ms":0})") == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(refusal(R"({"max_output_tokens":1.5})") == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(refusal(R"({"model":""})") == PMAT_STATUS_OK);
   BOOST_TEST(refusal(R"({"model":3})") == PMAT_STATUS_INVALID_ARGUMENT);
}

BOOST_AUTO_TEST_CASE(wrong_types_and_values_are_invalid_arguments) {
   BOOST_TEST(refusal("{") == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(refusal("[]") == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(refusal(R"({"engine":"gpt"})") == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(refusal(R"({"deadline_ms":-1})") == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(refusal(R"({"deadline_ms":"soon"})") == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(refusal(R"({"caller_id":7})") == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(refusal(R"({"unknown":{"nested":[1]}})") == PMAT_STATUS_OK);
}

// A run sends the same options with every file: they are parsed once and shared; other text is
// parsed anew, and refused text is refused every time, never remembered in place of good text.
BOOST_AUTO_TEST_CASE(the_same_options_text_is_parsed_once_and_shared) {
   const std::string native = R"({"engine":"native","profile":"strict"})";
   const auto first = shared_analyze_options(native.c_str());
   const auto again = shared_analyze_options(std::string(native).c_str()); // equal text, new buffer
   BOOST_TEST(first.get() == again.get());
   BOOST_TEST((again->engine == Engine::Native));
   BOOST_TEST(again->profile == "strict");

   const auto other = shared_analyze_options(R"({"engine":"claude"})");
   BOOST_TEST(other.get() != first.get());
   BOOST_TEST((other->engine == Engine::Claude));
   BOOST_TEST((first->engine == Engine::Native)); // what a caller holds never changes

   for (int i = 0; i < 2; ++i)
      BOOST_CHECK_THROW(shared_analyze_options(R"({"engine":7})"), StatusError);
   BOOST_TEST((shared_analyze_options(R"({"engine":"claude"})")->engine == Engine::Claude));
   BOOST_TEST((shared_analyze_options(nullptr)->engine == Engine::Auto));
}
