// SPDX-License-Identifier: MIT
// A TCP relay on 127.0.0.1 in front of a server, for partition tests: cut() closes every relayed
// connection and the listening socket (new connections are refused, as with a firewall's
// REJECT); restore() listens again on the same port.
#pragma once

#include <atomic>
#include <thread>
#include <vector>

namespace pmat::test {

class TcpProxy {
 public:
   // Listens on a free loopback port and relays to 127.0.0.1:upstream_port.
   explicit TcpProxy(int upstream_port);
   ~TcpProxy();
   TcpProxy(const TcpProxy &) = delete;
   TcpProxy &operator=(const TcpProxy &) = delete;

   int port() const { return port_; }
   void cut();
   void restore();

   struct Pair;

 private:
   void listen_on_port();
   void run();
   bool obey(std::vector<Pair> &pairs);
   void accept_one(std::vector<Pair> &pairs);

   int upstream_port_;
   int port_ = 0;
   int listener_ = -1;
   int wake_[2] = {-1, -1};
   std::atomic<bool> stopping_{false};
   std::thread thread_;
};

} // namespace pmat::test
