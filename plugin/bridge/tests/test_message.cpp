// SPDX-License-Identifier: MIT
// Request building and response envelopes (docs/bridge-protocol.md, "Messages").
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <pmat/bridge/message.hpp>

#include "printers.hpp"

namespace json = boost::json;
using namespace pmat::bridge;

namespace {
json::object obj(std::string_view text) {
   return json::parse(text).as_object();
}
} // namespace

BOOST_AUTO_TEST_SUITE(message)

BOOST_AUTO_TEST_CASE(request_has_protocol_keys) {
   const std::string text = serialize_request(7, "ping", json::object{}, 30000);
   const json::object req = obj(text);
   BOOST_TEST(req.at("id").to_number<std::uint64_t>() == 7u);
   BOOST_TEST(req.at("method").as_string() == "ping");
   BOOST_TEST(req.at("params").is_object());
   BOOST_TEST(req.at("deadline_ms").to_number<std::uint64_t>() == 30000u);
   BOOST_TEST(!obj(serialize_request(8, "ping", {}, std::nullopt)).contains("deadline_ms"));
}

BOOST_AUTO_TEST_CASE(ids_are_read_only_when_unsigned) {
   BOOST_TEST(message_id(obj(R"({"id":3})")).value() == 3u);
   BOOST_TEST(!message_id(obj(R"({"id":-1})")));
   BOOST_TEST(!message_id(obj(R"({"id":"3"})")));
   BOOST_TEST(!message_id(obj(R"({"event":"log"})")));
}

BOOST_AUTO_TEST_CASE(success_yields_payload) {
   auto r = interpret_response(obj(R"({"id":1,"status":"success","payload":{"pong":true}})"));
   BOOST_REQUIRE(r.ok());
   BOOST_TEST(r.value().at("pong").as_bool());
}

BOOST_AUTO_TEST_CASE(error_keeps_known_codes_and_retry_after) {
   auto r = interpret_response(obj(
       R"({"id":1,"status":"error","payload":{"code":3001,"message":"slow down","retry_after_ms":2000}})"));
   BOOST_TEST(r.code() == PMAT_STATUS_RATE_LIMITED);
   BOOST_TEST(r.status().message.find("retry after 2000ms") != std::string::npos);
   BOOST_TEST(describe(r.status()).rfind("[RateLimited] slow down", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(unknown_error_code_is_framing_error) {
   auto r = interpret_response(obj(R"({"id":1,"status":"error","payload":{"code":9999}})"));
   BOOST_TEST(r.code() == PMAT_STATUS_FRAMING_ERROR);
}

BOOST_AUTO_TEST_CASE(timeout_and_circuit_open_map_to_upstream_codes) {
   auto t =
       interpret_response(obj(R"({"id":1,"status":"timeout","payload":{"elapsed_ms":30001}})"));
   BOOST_TEST(t.code() == PMAT_STATUS_INITIALIZATION_TIMEOUT);
   BOOST_TEST(t.status().message == "Operation timed out after 30001ms");
   auto c = interpret_response(
       obj(R"({"id":1,"status":"circuit_open","payload":{"retry_after_ms":12}})"));
   BOOST_TEST(c.code() == PMAT_STATUS_POOL_EXHAUSTED);
   BOOST_TEST(c.status().message == "Circuit open, retry after 12ms");
}

BOOST_AUTO_TEST_CASE(malformed_envelopes_are_framing_errors) {
   BOOST_TEST(interpret_response(obj(R"({"id":1})")).code() == PMAT_STATUS_FRAMING_ERROR);
   BOOST_TEST(interpret_response(obj(R"({"id":1,"status":"weird","payload":{}})")).code() ==
              PMAT_STATUS_FRAMING_ERROR);
   BOOST_TEST(interpret_response(obj(R"({"id":1,"status":"error","payload":3})")).code() ==
              PMAT_STATUS_FRAMING_ERROR);
}

BOOST_AUTO_TEST_CASE(payload_validation) {
   BOOST_TEST(parse_message(R"({"a":1})").ok());
   BOOST_TEST(parse_message("[1,2]").code() == PMAT_STATUS_FRAMING_ERROR);
   BOOST_TEST(parse_message("not json").code() == PMAT_STATUS_FRAMING_ERROR);
   BOOST_TEST(parse_message("{\"a\":\"\xff\xfe\"}").code() == PMAT_STATUS_FRAMING_ERROR);
   BOOST_TEST(parse_message("{\"a\":1} trailing").code() == PMAT_STATUS_FRAMING_ERROR);
}

BOOST_AUTO_TEST_SUITE_END()

// The error payload's "reason" names the failure exactly; without one (an older bridge) or with
// one outside the set, the code's default applies. Nothing is read from the message's text.
BOOST_AUTO_TEST_CASE(the_failure_comes_from_the_reason_field_never_from_the_text) {
   const auto cause = [](const char *payload) {
      return interpret_response(
                 obj(std::string(R"({"id":1,"status":"error","payload":)") + payload + "}"))
          .cause();
   };
   BOOST_TEST(cause(R"({"code":3001,"reason":"overloaded","message":"x"})") == Failure::overloaded);
   BOOST_TEST(cause(R"({"code":3001,"message":"overloaded"})") == Failure::rate_limited);
   BOOST_TEST(cause(R"({"code":2002,"reason":"invalid-answer","message":"x"})") ==
              Failure::invalid_answer);
   BOOST_TEST(cause(R"({"code":2002,"reason":"server-error","message":"500"})") ==
              Failure::server_error);
   BOOST_TEST(cause(R"({"code":2002,"reason":"no-such-reason","message":"x"})") ==
              Failure::bridge_error);
   BOOST_TEST(cause(R"({"code":3003,"message":"Circuit open"})") == Failure::invalid_api_key);
   BOOST_TEST(interpret_response(obj(R"({"id":1,"status":"timeout","payload":{}})")).cause() ==
              Failure::deadline);
   BOOST_TEST(interpret_response(obj(R"({"id":1,"status":"circuit_open","payload":{}})")).cause() ==
              Failure::breaker_open);
}

BOOST_AUTO_TEST_CASE(failure_names_round_trip_and_only_faults_count) {
   for (const auto failure :
        {Failure::deadline, Failure::rate_limited, Failure::overloaded, Failure::quota_exceeded,
         Failure::invalid_api_key, Failure::transport_error, Failure::pool_exhausted,
         Failure::breaker_open, Failure::invalid_answer, Failure::truncated,
         Failure::budget_exhausted, Failure::server_error, Failure::bridge_error})
      BOOST_TEST((failure_from_name(failure_name(failure)) == failure));
   BOOST_TEST(!failure_from_name("none"));
   BOOST_TEST(failure_name(Failure::quota_exceeded) == "quota-exceeded");
   BOOST_TEST(!counts_as_fault(Failure::rate_limited));
   BOOST_TEST(!counts_as_fault(Failure::overloaded));
   BOOST_TEST(!counts_as_fault(Failure::quota_exceeded));
   BOOST_TEST(!counts_as_fault(Failure::breaker_open));
   BOOST_TEST(counts_as_fault(Failure::deadline));
   BOOST_TEST(counts_as_fault(Failure::bridge_error));
   BOOST_TEST(counts_as_fault(Failure::server_error)); // the service failed: a fault
}
