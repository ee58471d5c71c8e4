// SPDX-License-Identifier: MIT
// The fake Anthropic API (fake_api_server.mjs) as a child process a test scripts line by line.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

namespace pmat::test {

class FakeApi {
 public:
   explicit FakeApi(const std::string &default_behaviour = "ok");
   ~FakeApi(); // closes its stdin: the server stops and is reaped
   FakeApi(const FakeApi &) = delete;
   FakeApi &operator=(const FakeApi &) = delete;

   int port() const { return port_; }
   std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
   void set_default(const std::string &behaviour);
   void script(const std::string &behaviours); // space-separated
   int request_count();
   // When the last POST /v1/messages arrived, in wall-clock ms since the epoch (0: none yet).
   std::int64_t last_request_ms();
   // The usage of every answer sent so far, summed: {"input_tokens": N, "output_tokens": N, ...}.
   boost::json::object usage_totals();
   // What each request so far carried: [{"paths": [...], "system": "...", "cache_control": b}].
   boost::json::array seen();

 private:
   void command(const std::string &line);
   std::string read_line();

   int pid_ = -1;
   int to_child_ = -1;
   int from_child_ = -1;
   int port_ = 0;
};

// Points the plugin's bridge workers at `api` (ANTHROPIC_BASE_URL, a test key) for one scope.
class ClaudeEnvironment {
 public:
   explicit ClaudeEnvironment(const FakeApi &api);
   ~ClaudeEnvironment();
};

} // namespace pmat::test
