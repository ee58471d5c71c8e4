// SPDX-License-Identifier: MIT
// The services every plugin gets in init: configuration lookup with environment overrides,
// the injected clock, and the log sink.
#define BOOST_TEST_MODULE host_services
#include <boost/test/unit_test.hpp>

#include "host_services.hpp"
#include "log.hpp"

#include <boost/json/parse.hpp>

#include <cstdlib>
#include <string>
#include <vector>

using pmat::shim::HostServices;

namespace {

HostServices::Settings settings_with(const char *config_json) {
   HostServices::Settings settings;
   settings.config = boost::json::parse(config_json).as_object();
   return settings;
}

std::string lookup(const pmat_host *host, const char *key, std::size_t capacity,
                   pmat_status *status, std::size_t *length) {
   std::string buffer(capacity, '\0');
   *status = host->config_get(host, key, capacity ? buffer.data() : nullptr, capacity, length);
   return *status == PMAT_STATUS_OK && capacity ? std::string(buffer.c_str()) : std::string();
}

} // namespace

BOOST_AUTO_TEST_CASE(nested_configuration_is_read_by_dotted_key) {
   HostServices services(settings_with(R"({"claude": {"pool_size": 4, "model": "m"}})"));
   pmat_status status{};
   std::size_t length = 0;
   BOOST_TEST(lookup(services.host(), "claude.pool_size", 16, &status, &length) == "4");
   BOOST_TEST(status == PMAT_STATUS_OK);
   BOOST_TEST(lookup(services.host(), "claude.model", 16, &status, &length) == "m");
   lookup(services.host(), "claude.missing", 16, &status, &length);
   BOOST_TEST(status == PMAT_STATUS_NOT_FOUND);
}

BOOST_AUTO_TEST_CASE(environment_overrides_configuration) {
   HostServices services(settings_with(R"({"claude": {"pool_size": 4}})"));
   ::setenv("PMAT_CLAUDE_POOL_SIZE", "7", 1);
   pmat_status status{};
   std::size_t length = 0;
   BOOST_TEST(lookup(services.host(), "claude.pool_size", 16, &status, &length) == "7");
   ::unsetenv("PMAT_CLAUDE_POOL_SIZE");
   BOOST_TEST(pmat::shim::config_env_name("claude.max-latency") == "PMAT_CLAUDE_MAX_LATENCY");
}

BOOST_AUTO_TEST_CASE(a_short_buffer_truncates_and_reports_the_full_length) {
   HostServices services(settings_with(R"({"k": "abcdefghij"})"));
   pmat_status status{};
   std::size_t length = 0;
   BOOST_TEST(lookup(services.host(), "k", 4, &status, &length) == "abc");
   BOOST_TEST(length == 10u);
   lookup(services.host(), "k", 0, &status, &length); // a length query
   BOOST_TEST(status == PMAT_STATUS_OK);
   BOOST_TEST(length == 10u);
   const pmat_host *host = services.host();
   BOOST_TEST(host->config_get(host, nullptr, nullptr, 0, &length) == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(host->config_get(host, "k", nullptr, 0, nullptr) == PMAT_STATUS_INVALID_ARGUMENT);
   BOOST_TEST(host->config_get(host, "k", nullptr, 5, &length) == PMAT_STATUS_INVALID_ARGUMENT);
}

BOOST_AUTO_TEST_CASE(the_injected_clock_and_log_sink_are_used) {
   static std::uint64_t fake_now = 42;
   static std::vector<std::string> records;
   HostServices::Settings settings;
   settings.now_ns = [](void *) { return fake_now; };
   settings.log = [](void *, pmat_log_level, const char *message) {
      records.emplace_back(message);
   };
   HostServices services(std::move(settings));
   const pmat_host *host = services.host();
   BOOST_TEST(host->now_ns(host) == 42u);
   fake_now = 1000;
   BOOST_TEST(host->now_ns(host) == 1000u);
   host->log(host, PMAT_LOG_INFO, "hello");
   BOOST_REQUIRE_EQUAL(records.size(), 1u);
   BOOST_TEST(records[0] == "hello");
   BOOST_TEST(host->abi_version.major == PMAT_PLUGIN_ABI_MAJOR);
   BOOST_TEST(host->struct_size == sizeof(pmat_host));
}

BOOST_AUTO_TEST_CASE(log_levels_parse_like_pmat_log_and_rust_log) {
   using pmat::shim::parse_log_level;
   BOOST_TEST(parse_log_level("debug", PMAT_LOG_WARN) == PMAT_LOG_DEBUG);
   BOOST_TEST(parse_log_level("pmat=trace,hyper=info", PMAT_LOG_WARN) == PMAT_LOG_TRACE);
   BOOST_TEST(parse_log_level("warning", PMAT_LOG_ERROR) == PMAT_LOG_WARN);
   BOOST_TEST(parse_log_level("", PMAT_LOG_WARN) == PMAT_LOG_WARN);
}

BOOST_AUTO_TEST_CASE(the_generation_being_initialised_is_a_configuration_key) {
   HostServices services(settings_with("{}"));
   pmat_status status{};
   std::size_t length = 0;
   lookup(services.host(), "host.plugin_generation", 16, &status, &length);
   BOOST_TEST(status == PMAT_STATUS_NOT_FOUND); // no generation loaded yet
   services.note_initialising(3);
   BOOST_TEST(lookup(services.host(), "host.plugin_generation", 16, &status, &length) == "3");
   BOOST_TEST(status == PMAT_STATUS_OK);
}
