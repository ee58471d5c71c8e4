// SPDX-License-Identifier: MIT
#include "e2e/fleet_fixture.hpp"

#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace pmat::test {

using pmat::serve::test::http;
using pmat::serve::test::json_at;
using pmat::serve::test::ServerProcess;

Fleet::Fleet(const std::function<void(pmat::flags::FlagsConfig &)> &initial) {
   if (!redis.start())
      throw std::runtime_error("redis-server did not start");
   ::setenv("PMAT_CLAUDE_POOL_SIZE", "1", 1); // three hosts on a small CI machine
   ::setenv("PMAT_CLAUDE_MAX_RETRIES", "0", 1);
   edit(initial);
}

Fleet::~Fleet() {
   hosts.clear(); // SIGTERM, wait
   for (const char *name : {"PMAT_CLAUDE_POOL_SIZE", "PMAT_CLAUDE_MAX_RETRIES", "PMAT_FLAGS_SOURCE",
                            "XDG_STATE_HOME", "PMAT_CLAUDE_FAILURE_THRESHOLD"})
      ::unsetenv(name);
}

ServerProcess &Fleet::start_host(const std::string &source) {
   const auto home = dir.path() / ("host" + std::to_string(hosts.size()));
   ::setenv("PMAT_FLAGS_SOURCE", (source.empty() ? source_url() : source).c_str(), 1);
   ::setenv("XDG_STATE_HOME", (home / "state").c_str(), 1);
   hosts.push_back(std::make_unique<ServerProcess>(
       std::vector<std::string>{"--plugin-dir", PMAT_TEST_PLUGIN_DIR}, home));
   return *hosts.back();
}

void Fleet::await_sources_up() {
   for (const auto &host : hosts)
      if (!pmat::serve::test::wait_for_status(host->port(), [](const std::string &body) {
             return json_at(body, "flags/source/serving") == "source";
          }))
         throw std::runtime_error("a host never read the flags source: " + host->log());
}

void Fleet::edit(const std::function<void(pmat::flags::FlagsConfig &)> &change) {
   pmat::flags::RedisSourceOptions options;
   options.spec.host = "127.0.0.1";
   options.spec.port = redis.port();
   const auto result = pmat::flags::RedisFlagSource(options).update(change);
   if (!result.ok)
      throw std::runtime_error("edit failed: " + result.error);
}

std::string Fleet::logs() const {
   std::string out;
   for (std::size_t i = 0; i < hosts.size(); ++i) {
      const std::string log = hosts[i]->log();
      out += "\n--- host " + std::to_string(i) + " log (end):\n" +
             log.substr(log.size() > 3000 ? log.size() - 3000 : 0);
   }
   return out;
}

namespace {

// `pmat-host COMMAND` as an operator on another machine: its own XDG directories.
int run_operator(const std::filesystem::path &home, const std::string &command,
                 const std::string &source, const std::filesystem::path &out) {
   const std::string line =
       "XDG_CONFIG_HOME='" + (home / "config").string() + "' XDG_STATE_HOME='" +
       (home / "state").string() + "' XDG_CACHE_HOME='" + (home / "cache").string() + "' " +
       PMAT_HOST_BIN + " " + command + " --source " + source + " --plugin-dir " +
       PMAT_TEST_PLUGIN_DIR + " >'" + out.string() + "' 2>'" + out.string() + ".err'";
   const int status = std::system(line.c_str());
   return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace

int Fleet::pmat_flags(const std::string &args) {
   return run_operator(dir.path() / "operator", "flags " + args, source_url(),
                       dir.path() / "operator.out");
}

std::string Fleet::pmat_host_output(const std::string &command) {
   const auto out = dir.path() / "operator.out";
   if (run_operator(dir.path() / "operator", command, source_url(), out) != 0)
      return "";
   std::ifstream in(out);
   return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

AnalyzeAnswer analyze(unsigned short port, const std::string &project, int serial,
                      const std::string &engine) {
   const std::string content = "int f" + std::to_string(serial) +
                               "(int x) {\n   if (x > 1)\n      return x;\n   return 2 * x;\n}\n";
   const boost::json::object body{
       {"content", content}, {"path", project + "/src/f.c"}, {"engine", engine}};
   const auto reply = http(port, "POST", "/v1/analyze", boost::json::serialize(body));
   return {reply.status, json_at(reply.body, "engine"), json_at(reply.body, "rollout/reason"),
           json_at(reply.body, "fallback_reason")};
}

std::string metric(unsigned short port, const std::string &series) {
   const std::string text = http(port, "GET", "/metrics").body;
   const auto at = text.find("\n" + series + " ");
   if (at == std::string::npos)
      return "";
   const auto start = at + series.size() + 2;
   return text.substr(start, text.find('\n', start) - start);
}

std::int64_t wall_ms() {
   return std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
       .count();
}

Load::Load(const std::vector<unsigned short> &ports, const std::string &project,
           std::chrono::milliseconds pause) {
   for (std::size_t i = 0; i < ports.size(); ++i)
      threads_.emplace_back([this, port = ports[i], project, i, pause] {
         for (int serial = 0; !stopping_; ++serial) {
            count(attempt(port, project, static_cast<int>(i * 1'000'000) + serial));
            std::this_thread::sleep_for(pause);
         }
      });
}

AnalyzeAnswer Load::attempt(unsigned short port, const std::string &project, int serial) {
   try {
      return analyze(port, project, serial);
   } catch (const std::exception &e) {
      std::lock_guard lock(mu_);
      if (first_error_.empty())
         first_error_ = "port " + std::to_string(port) + ": " + e.what();
      return {};
   }
}

void Load::count(const AnalyzeAnswer &answer) {
   ++total_;
   failed_ += answer.status == 200 ? 0 : 1;
   claude_ += answer.engine == "claude" ? 1 : 0;
}

std::string Load::first_error() const {
   std::lock_guard lock(mu_);
   return first_error_;
}

Load::~Load() {
   stop();
}

void Load::stop() {
   stopping_ = true;
   for (auto &thread : threads_)
      if (thread.joinable())
         thread.join();
}

} // namespace pmat::test
