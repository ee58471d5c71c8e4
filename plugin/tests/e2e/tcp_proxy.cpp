// SPDX-License-Identifier: MIT
#include "tcp_proxy.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

namespace pmat::test {

struct TcpProxy::Pair {
   int client, server;
};

namespace {

using Pair = TcpProxy::Pair;

sockaddr_in loopback(int port) {
   sockaddr_in address{};
   address.sin_family = AF_INET;
   address.sin_port = htons(static_cast<std::uint16_t>(port));
   address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
   return address;
}

int connect_upstream(int port) {
   const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   const sockaddr_in address = loopback(port);
   if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
      ::close(fd);
      return -1;
   }
   return fd;
}

// Moves what `from` has to `to`; false when either side is done.
bool relay(int from, int to) {
   char buffer[16384];
   const ssize_t n = ::read(from, buffer, sizeof buffer);
   return n > 0 && ::send(to, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL) == n;
}

// Relays every pair with data waiting; closes the pairs whose either side ended. `fds` describes
// the pairs as they were polled: pairs accepted since are not in it.
void relay_ready(std::vector<Pair> &pairs, const std::vector<pollfd> &fds) {
   const std::size_t polled = std::min(pairs.size(), (fds.size() - 2) / 2);
   for (std::size_t i = 0; i < polled; ++i) {
      const bool from_client = fds[2 + 2 * i].revents != 0;
      const bool from_server = fds[3 + 2 * i].revents != 0;
      const bool alive = (!from_client || relay(pairs[i].client, pairs[i].server)) &&
                         (!from_server || relay(pairs[i].server, pairs[i].client));
      if (alive)
         continue;
      ::close(pairs[i].client);
      ::close(pairs[i].server);
      pairs[i].client = pairs[i].server = -1;
   }
   std::erase_if(pairs, [](const Pair &p) { return p.client < 0; });
}

void close_all(std::vector<Pair> &pairs) {
   for (const auto &pair : pairs) {
      ::close(pair.client);
      ::close(pair.server);
   }
   pairs.clear();
}

} // namespace

TcpProxy::TcpProxy(int upstream_port) : upstream_port_(upstream_port) {
   if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0)
      throw std::runtime_error("pipe failed");
   listen_on_port();
   thread_ = std::thread([this] { run(); });
}

TcpProxy::~TcpProxy() {
   stopping_ = true;
   [[maybe_unused]] const auto n = ::write(wake_[1], "s", 1);
   thread_.join();
   ::close(wake_[0]);
   ::close(wake_[1]);
}

void TcpProxy::listen_on_port() {
   const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   const int yes = 1;
   ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
   sockaddr_in address = loopback(port_);
   socklen_t length = sizeof address;
   if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
       ::listen(fd, 64) != 0)
      throw std::runtime_error("the proxy cannot listen");
   ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
   port_ = ntohs(address.sin_port);
   listener_ = fd;
}

void TcpProxy::cut() {
   [[maybe_unused]] const auto n = ::write(wake_[1], "c", 1);
}

void TcpProxy::restore() {
   [[maybe_unused]] const auto n = ::write(wake_[1], "r", 1);
}

// Applies cut/restore orders; true when there were any (the polled descriptors changed).
bool TcpProxy::obey(std::vector<Pair> &pairs) {
   bool any = false;
   char order = 0;
   while (::read(wake_[0], &order, 1) == 1) {
      any = true;
      if (order == 'c' && listener_ >= 0) {
         close_all(pairs);
         ::close(listener_);
         listener_ = -1;
      } else if (order == 'r' && listener_ < 0) {
         listen_on_port();
      }
   }
   return any;
}

void TcpProxy::accept_one(std::vector<Pair> &pairs) {
   const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
   const int server = client >= 0 ? connect_upstream(upstream_port_) : -1;
   if (server >= 0)
      pairs.push_back({client, server});
   else if (client >= 0)
      ::close(client);
}

// One thread: accepts, relays both ways, and obeys cut/restore/stop from the wake pipe.
void TcpProxy::run() {
   std::vector<Pair> pairs;
   while (!stopping_) {
      std::vector<pollfd> fds{{wake_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
      for (const auto &pair : pairs) {
         fds.push_back({pair.client, POLLIN, 0});
         fds.push_back({pair.server, POLLIN, 0});
      }
      ::poll(fds.data(), fds.size(), 1000);
      if (obey(pairs))
         continue;
      relay_ready(pairs, fds); // first: fds describes the pairs polled, not one accepted below
      if (listener_ >= 0 && (fds[1].revents & POLLIN))
         accept_one(pairs);
   }
   close_all(pairs);
   if (listener_ >= 0)
      ::close(listener_);
}

} // namespace pmat::test
