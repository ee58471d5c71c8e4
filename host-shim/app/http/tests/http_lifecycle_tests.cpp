// SPDX-License-Identifier: MIT
// pmat-host serve under pressure: the concurrency limit, graceful shutdown with a request in
// flight, and hot reload while a load generator keeps a fixed concurrency.
#define BOOST_TEST_MODULE pmat_serve_http_lifecycle
#include <boost/test/unit_test.hpp>

#include "serve_test_support.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <future>
#include <mutex>
#include <thread>

namespace fs = std::filesystem;
using namespace pmat::serve::test;
using Clock = std::chrono::steady_clock;

namespace {

const std::string k_request = R"({"content": "int f(int x) { return x; }", "language": "c"})";
const fs::path k_variants = PMAT_TEST_VARIANT_DIR;

// A plugins directory holding only the delayed example build (600 ms per analyze).
struct SlowServer {
   explicit SlowServer(const std::vector<std::string> &extra) {
      install_plugin(k_variants / "libshim_test_plugin_slow.so", plugins.path(), "libslow.so");
      std::vector<std::string> args{"--plugin-dir", plugins.path().string()};
      args.insert(args.end(), extra.begin(), extra.end());
      server = std::make_unique<ServerProcess>(args, config.path());
   }
   bool analysis_in_flight() const {
      return wait_for_status(server->port(), [](const std::string &body) {
         return json_at(body, "server/work_in_flight") == "1";
      });
   }
   TempDir plugins;
   TempDir config;
   std::unique_ptr<ServerProcess> server;
};

double percentile(std::vector<double> values, double q) {
   if (values.empty())
      return 0;
   std::sort(values.begin(), values.end());
   return values[std::min(values.size() - 1,
                          static_cast<std::size_t>(q * static_cast<double>(values.size())))];
}

// Keeps `connections` keep-alive connections busy with analyze requests until `stop`.
struct Load {
   std::atomic<bool> stop{false};
   std::atomic<std::size_t> ok{0}, non_2xx{0}, transport_errors{0};
   std::mutex mutex;
   std::vector<double> latencies_ms;

   void client(unsigned short port) {
      std::vector<double> mine;
      while (!stop) {
         try {
            Connection connection(port);
            while (!stop) {
               const auto start = Clock::now();
               const Reply reply = connection.request("POST", "/v1/analyze", k_request);
               mine.push_back(
                   std::chrono::duration<double, std::milli>(Clock::now() - start).count());
               (reply.ok() ? ok : non_2xx)++;
            }
         } catch (const std::exception &) {
            transport_errors++;
         }
      }
      std::lock_guard lock(mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
   }
};

} // namespace

BOOST_AUTO_TEST_CASE(saturation_answers_503_with_retry_after) {
   SlowServer slow({"--max-concurrency", "1"});
   const unsigned short port = slow.server->port();
   auto first = std::async(std::launch::async,
                           [port] { return http(port, "POST", "/v1/analyze", k_request); });
   BOOST_REQUIRE(slow.analysis_in_flight());
   const Reply refused = http(port, "POST", "/v1/analyze", k_request);
   BOOST_TEST(refused.status == 503u);
   BOOST_TEST(refused.headers.at("retry-after") == "1");
   BOOST_TEST(json_at(refused.body, "error/code") == "saturated");
   BOOST_TEST(http(port, "GET", "/healthz").status == 200u); // probes are not limited
   BOOST_TEST(first.get().status == 200u);
   BOOST_TEST(http(port, "POST", "/v1/analyze", k_request).status == 200u); // the slot came back
   BOOST_TEST(http(port, "GET", "/metrics")
                  .body.find("pmat_http_requests_rejected_total{reason=\"saturated\"} 1") !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(sigterm_drains_the_request_in_flight) {
   SlowServer slow({});
   const unsigned short port = slow.server->port();
   auto in_flight = std::async(std::launch::async,
                               [port] { return http(port, "POST", "/v1/analyze", k_request); });
   BOOST_REQUIRE(slow.analysis_in_flight());
   slow.server->signal(SIGTERM);
   const Reply reply = in_flight.get();
   BOOST_TEST(reply.status == 200u);
   BOOST_TEST(reply.headers.at("connection") == "close");
   BOOST_TEST(slow.server->wait() == 0);
   BOOST_CHECK_THROW(Connection{port}, std::runtime_error); // no longer accepting
   BOOST_TEST(slow.server->log().find("draining") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ten_hot_reloads_under_load_fail_no_request) {
   TempDir plugins, config;
   const std::string name = "libpmat_example.so";
   install_plugin(k_variants / "libshim_test_plugin_v1.so", plugins.path(), name);
   ServerProcess server({"--plugin-dir", plugins.path().string()}, config.path());
   const unsigned short port = server.port();
   Load load;
   std::vector<std::thread> clients;
   constexpr int k_connections = 8;
   for (int i = 0; i < k_connections; ++i)
      clients.emplace_back([&] { load.client(port); });
   const auto start = Clock::now();
   std::string generation = json_at(http(port, "GET", "/v1/status").body, "generation/number");
   for (int swap = 1; swap <= 10; ++swap) {
      const bool to_v2 = swap % 2 == 1;
      install_plugin(k_variants /
                         (to_v2 ? "libshim_test_plugin_v2.so" : "libshim_test_plugin_v1.so"),
                     plugins.path(), name);
      const std::string version = to_v2 ? "2.0.0" : "1.0.0";
      BOOST_REQUIRE(wait_for_status(port, [&](const std::string &body) {
         return json_at(body, "generation/version") == version &&
                json_at(body, "generation/number") != generation;
      }));
      generation = json_at(http(port, "GET", "/v1/status").body, "generation/number");
   }
   load.stop = true;
   for (auto &client : clients)
      client.join();
   const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
   BOOST_TEST(load.ok.load() > 0u);
   BOOST_TEST(load.non_2xx.load() == 0u);
   BOOST_TEST(load.transport_errors.load() == 0u);
   BOOST_TEST(http(port, "GET", "/v1/status").body.find("\"outcome\":\"swapped\"") !=
              std::string::npos);
   BOOST_TEST_MESSAGE("hot reload under load: "
                      << k_connections << " connections, 10 swaps, " << load.ok.load()
                      << " requests in " << seconds << " s ("
                      << static_cast<double>(load.ok.load()) / seconds << " req/s), p50 "
                      << percentile(load.latencies_ms, 0.50) << " ms, p99 "
                      << percentile(load.latencies_ms, 0.99) << " ms, max "
                      << percentile(load.latencies_ms, 1.0) << " ms, non-2xx "
                      << load.non_2xx.load());
}
