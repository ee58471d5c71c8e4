// SPDX-License-Identifier: MIT
// A real redis-server for the fleet-source tests, and the helpers they share.
#pragma once

#include "redis_server.hpp"

#include <pmat/flags/redis_source.hpp>
#include <pmat_test/eventually.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <thread>
#include <unistd.h>

namespace pmat::flags::test {

using pmat::test::eventually;

struct RedisFixture {
   pmat::cache::test::RedisServer redis;
   std::filesystem::path dir =
       std::filesystem::temp_directory_path() / ("pmat-flags-redis-" + std::to_string(::getpid()) +
                                                 "-" + std::to_string(std::random_device{}()));

   RedisFixture() {
      BOOST_REQUIRE(redis.start());
      std::filesystem::create_directories(dir);
   }
   ~RedisFixture() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
   }
   RedisSourceOptions options() const {
      RedisSourceOptions o;
      o.spec.host = "127.0.0.1";
      o.spec.port = redis.port();
      o.backoff_initial = std::chrono::milliseconds(20);
      o.backoff_max = std::chrono::milliseconds(200);
      return o;
   }
   std::shared_ptr<RedisFlagSource> source() const {
      return std::make_shared<RedisFlagSource>(options());
   }
};

} // namespace pmat::flags::test
