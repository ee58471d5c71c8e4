// SPDX-License-Identifier: MIT
// pmat-host serve under pressure: admission (a bounded queue with a deadline in front of the
// concurrency limit), graceful shutdown with a request in flight, and hot reload while a load
// generator keeps a fixed concurrency.
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
const fs::path k_real_plugins = PMAT_TEST_PLUGIN_DIR;

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
   bool queue_depth_is(const std::string &depth) const {
      return wait_for_status(server->port(), [&depth](const std::string &body) {
         return json_at(body, "server/admission/queue_depth") == depth;
      });
   }
   std::future<Reply> post_async() const {
      const unsigned short port = server->port();
      return std::async(std::launch::async,
                        [port] { return http(port, "POST", "/v1/analyze", k_request); });
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

// Counts the answers of clients that each send a fixed number of analyses on one connection.
struct Tally {
   std::atomic<int> ok{0}, refused{0}, other{0}, transport_errors{0};

   void client(unsigned short port, int requests) {
      try {
         Connection connection(port);
         for (int n = 0; n < requests; ++n) {
            const unsigned status = connection.request("POST", "/v1/analyze", k_request).status;
            (status == 200u ? ok : status == 503u ? refused : other)++;
         }
      } catch (const std::exception &) {
         transport_errors++;
      }
   }
};

} // namespace

BOOST_AUTO_TEST_CASE(with_no_queue_a_taken_slot_answers_503_with_retry_after) {
   SlowServer slow({"--max-concurrency", "1", "--max-queue", "0"});
   const unsigned short port = slow.server->port();
   auto first = slow.post_async();
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

BOOST_AUTO_TEST_CASE(a_request_that_finds_the_slots_taken_waits_and_is_answered) {
   SlowServer slow({"--max-concurrency", "1"}); // the default queue and deadline (5 s)
   auto first = slow.post_async();
   BOOST_REQUIRE(slow.analysis_in_flight());
   auto second = slow.post_async();
   BOOST_REQUIRE(slow.queue_depth_is("1")); // seen waiting on /v1/status
   BOOST_TEST(first.get().status == 200u);
   BOOST_TEST(second.get().status == 200u); // given the first one's slot when it finished
   const unsigned short port = slow.server->port();
   const std::string status = http(port, "GET", "/v1/status").body;
   BOOST_TEST(json_at(status, "server/admission/waited_total") == "1");
   BOOST_TEST(json_at(status, "server/admission/queue_depth_max") == "1");
   BOOST_TEST(json_at(status, "server/admission/queue_depth") == "0");
   const std::string metrics = http(port, "GET", "/metrics").body;
   BOOST_TEST(metrics.find("pmat_http_admission_waited_total 1\n") != std::string::npos);
   BOOST_TEST(metrics.find("pmat_http_admission_queue_depth 0\n") != std::string::npos);
   BOOST_TEST(metrics.find("pmat_http_admission_wait_seconds_count 2\n") != std::string::npos);
   BOOST_TEST(metrics.find("pmat_http_requests_rejected_total{reason=\"saturated\"} 0") !=
              std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_wait_past_the_queue_deadline_answers_503_queue_timeout) {
   SlowServer slow({"--max-concurrency", "1", "--queue-timeout-ms", "100"});
   const unsigned short port = slow.server->port();
   auto first = slow.post_async();
   BOOST_REQUIRE(slow.analysis_in_flight());
   const Reply refused = http(port, "POST", "/v1/analyze", k_request); // 100 ms < 600 ms
   BOOST_TEST(refused.status == 503u);
   BOOST_TEST(refused.headers.at("retry-after") == "1");
   BOOST_TEST(json_at(refused.body, "error/code") == "queue_timeout");
   BOOST_TEST(first.get().status == 200u);
   BOOST_TEST(http(port, "GET", "/metrics")
                  .body.find("pmat_http_requests_rejected_total{reason=\"queue_timeout\"} 1") !=
              std::string::npos);
   BOOST_TEST(http(port, "POST", "/v1/analyze", k_request).status == 200u); // nothing leaked
}

BOOST_AUTO_TEST_CASE(a_flood_beyond_the_queue_is_refused_with_retry_after_and_the_rest_served) {
   SlowServer slow({"--max-concurrency", "1", "--max-queue", "2"});
   const unsigned short port = slow.server->port();
   auto running = slow.post_async();
   BOOST_REQUIRE(slow.analysis_in_flight());
   std::vector<std::future<Reply>> queued;
   queued.push_back(slow.post_async());
   BOOST_REQUIRE(slow.queue_depth_is("1"));
   queued.push_back(slow.post_async());
   BOOST_REQUIRE(slow.queue_depth_is("2"));
   constexpr int k_flood = 24; // bounded, on 127.0.0.1
   std::vector<std::future<Reply>> flood;
   for (int i = 0; i < k_flood; ++i)
      flood.push_back(slow.post_async());
   int refused = 0;
   for (auto &reply : flood) {
      const Reply r = reply.get();
      refused += r.status == 503u && r.headers.count("retry-after") == 1 &&
                 json_at(r.body, "error/code") == "saturated";
   }
   BOOST_TEST(refused == k_flood); // the queue was full the whole time: 600 ms per analysis
   BOOST_TEST(running.get().status == 200u);
   for (auto &reply : queued)
      BOOST_TEST(reply.get().status == 200u);
   BOOST_TEST(http(port, "GET", "/healthz").status == 200u); // still up
   BOOST_TEST(http(port, "GET", "/metrics")
                  .body.find("pmat_http_requests_rejected_total{reason=\"saturated\"} " +
                             std::to_string(k_flood)) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sixty_four_clients_against_the_defaults_get_no_503) {
   // The real plugin and every admission default: 4 slots per core and the queue in front of
   // them. Before the queue, 16 keep-alive clients on 2 cores already got ~10 % 503s.
   TempDir config;
   ServerProcess server({"--plugin-dir", k_real_plugins.string()}, config.path());
   const unsigned short port = server.port();
   constexpr int k_clients = 64;
   constexpr int k_requests_each = 60;
   Tally tally;
   std::vector<std::thread> clients;
   for (int i = 0; i < k_clients; ++i)
      clients.emplace_back([&] { tally.client(port, k_requests_each); });
   for (auto &client : clients)
      client.join();
   BOOST_TEST(tally.ok.load() == k_clients * k_requests_each);
   BOOST_TEST(tally.refused.load() == 0);
   BOOST_TEST(tally.other.load() == 0);
   BOOST_TEST(tally.transport_errors.load() == 0);
   const std::string status = http(port, "GET", "/v1/status").body;
   BOOST_TEST_MESSAGE("64 clients: " << tally.ok.load() << " answered, deepest queue "
                                     << json_at(status, "server/admission/queue_depth_max")
                                     << ", waited "
                                     << json_at(status, "server/admission/waited_total"));
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
