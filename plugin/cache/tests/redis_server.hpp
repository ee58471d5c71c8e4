// SPDX-License-Identifier: MIT
// A real redis-server for the tests: started on 127.0.0.1 on a free port with persistence off,
// stopped by stop() or the destructor (and killed with the test process via PDEATHSIG).
#pragma once

#include <string>
#include <sys/types.h>

namespace pmat::cache::test {

class RedisServer {
 public:
   RedisServer(); // picks a free port; does not start
   ~RedisServer();
   RedisServer(const RedisServer &) = delete;
   RedisServer &operator=(const RedisServer &) = delete;

   // Starts the server and waits until it answers PING; false if it never does.
   bool start();
   void stop();
   int port() const noexcept { return port_; }
   // Sends one RESP command, returns the raw reply ("" on failure).
   std::string raw(const std::string &resp) const;

 private:
   int port_ = 0;
   pid_t pid_ = -1;
};

} // namespace pmat::cache::test
