// SPDX-License-Identifier: MIT
#include <pmat/flags/source_spec.hpp>

#include <boost/test/unit_test.hpp>

using namespace pmat::flags;

BOOST_AUTO_TEST_SUITE(source_spec)

BOOST_AUTO_TEST_CASE(a_file_source_names_its_path) {
   const auto r = parse_source_spec("file:/etc/pmat/flags.json");
   BOOST_REQUIRE(r.ok);
   BOOST_TEST(!r.spec.is_redis());
   BOOST_TEST(std::get<FileSourceSpec>(r.spec.where).path == "/etc/pmat/flags.json");
   BOOST_TEST(describe(r.spec) == "file:/etc/pmat/flags.json");
}

BOOST_AUTO_TEST_CASE(a_redis_source_has_host_port_database_and_credentials) {
   const auto r = parse_source_spec("redis://ops:s3cret@10.0.0.7:6380/3");
   BOOST_REQUIRE(r.ok);
   const auto &redis = std::get<RedisSourceSpec>(r.spec.where);
   BOOST_TEST(redis.host == "10.0.0.7");
   BOOST_TEST(redis.port == 6380);
   BOOST_TEST(redis.db == 3);
   BOOST_TEST(redis.user == "ops");
   BOOST_TEST(redis.password == "s3cret");
   BOOST_TEST(describe(r.spec) == "redis://ops:***@10.0.0.7:6380/3"); // never the password
}

BOOST_AUTO_TEST_CASE(port_and_database_have_defaults_and_a_bare_password_is_accepted) {
   const auto r = parse_source_spec("redis://hunter2@flags.internal");
   BOOST_REQUIRE(r.ok);
   const auto &redis = std::get<RedisSourceSpec>(r.spec.where);
   BOOST_TEST(redis.port == 6379);
   BOOST_TEST(redis.db == 0);
   BOOST_TEST(redis.user.empty());
   BOOST_TEST(redis.password == "hunter2");
   BOOST_TEST(describe(r.spec) == "redis://***@flags.internal:6379/0");
}

BOOST_AUTO_TEST_CASE(bad_sources_are_refused_with_the_reason) {
   BOOST_TEST(parse_source_spec("redis://host:0/0").error == "redis source: port must be 1..65535");
   BOOST_TEST(parse_source_spec("redis://host:6379/x").error.find("database must be a number") !=
              std::string::npos);
   BOOST_TEST(parse_source_spec("redis://:6379/0").error == "redis source: missing host");
   BOOST_TEST(parse_source_spec("file:").ok == false);
   BOOST_TEST(parse_source_spec("etcd://x").error.find("file:PATH or redis://") !=
              std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
