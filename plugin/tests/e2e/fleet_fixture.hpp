// SPDX-License-Identifier: MIT
// A fleet on one machine for the fleet-flags e2e tests: a real redis-server on 127.0.0.1, the fake
// Anthropic API, and real `pmat-host serve` processes sharing the flags document in Redis, each
// with its own state, config and cache directories. Everything is stopped by the destructor.
#pragma once

#include "e2e/fake_api.hpp"
#include "e2e/tcp_proxy.hpp"
#include "redis_server.hpp"
#include "serve_test_support.hpp"

#include <pmat/flags/redis_source.hpp>
#include <pmat_test/eventually.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pmat::test {

struct AnalyzeAnswer {
   unsigned status = 0;
   std::string engine, reason, fallback;
};

class Fleet {
 public:
   // Starts Redis and the fake API; the document starts as `initial` (applied to the defaults).
   explicit Fleet(const std::function<void(pmat::flags::FlagsConfig &)> &initial);
   ~Fleet();

   std::string source_url() const { return url(redis.port()); }
   static std::string url(int port) { return "redis://127.0.0.1:" + std::to_string(port) + "/0"; }
   // Starts `pmat-host serve` reading flags from `source` (default: this fleet's Redis).
   pmat::serve::test::ServerProcess &start_host(const std::string &source = "");
   // Waits until every host reads the document from the source.
   void await_sources_up();
   // An edit through the same atomic path as `pmat-host flags`, from the test process.
   void edit(const std::function<void(pmat::flags::FlagsConfig &)> &change);
   // The end of every host's log, for failure messages.
   std::string logs() const;
   // Runs `pmat-host flags ARGS --source <this fleet>`; returns its exit code.
   int pmat_flags(const std::string &args);
   // Runs `pmat-host COMMAND --source <this fleet>` and returns its stdout ("" on failure).
   std::string pmat_host_output(const std::string &command);

   pmat::cache::test::RedisServer redis;
   FakeApi api{"ok"};
   ClaudeEnvironment environment{api};
   pmat::serve::test::TempDir dir;
   std::vector<std::unique_ptr<pmat::serve::test::ServerProcess>> hosts;
};

// One request to a host: `caller` names a project directory (its caller id), `serial` makes the
// content unique so no cache answers it.
AnalyzeAnswer analyze(unsigned short port, const std::string &project, int serial,
                      const std::string &engine = "auto");
// A metric's value on a host's /metrics ("" when absent).
std::string metric(unsigned short port, const std::string &series);
std::int64_t wall_ms();

// Requests to every host in a loop (one thread per host) until stop(); counts the outcomes.
class Load {
 public:
   // `pause` between two requests of one thread paces the load.
   Load(const std::vector<unsigned short> &ports, const std::string &project,
        std::chrono::milliseconds pause = std::chrono::milliseconds(0));
   ~Load(); // stop()s
   void stop();
   int failed() const { return failed_; }
   int by_claude() const { return claude_; }
   int total() const { return total_; }
   // The first request that got no HTTP answer at all ("" when none).
   std::string first_error() const;

 private:
   AnalyzeAnswer attempt(unsigned short port, const std::string &project, int serial);
   void count(const AnalyzeAnswer &answer);

   mutable std::mutex mu_;
   std::string first_error_;
   std::atomic<bool> stopping_{false};
   std::atomic<int> failed_{0}, claude_{0}, total_{0};
   std::vector<std::thread> threads_;
};

} // namespace pmat::test
