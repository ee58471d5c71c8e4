// SPDX-License-Identifier: MIT
#include "redis_server.hpp"

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

namespace pmat::cache::test {
namespace {

int free_port() {
   const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
   sockaddr_in addr{};
   addr.sin_family = AF_INET;
   addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
   socklen_t len = sizeof addr;
   ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
   ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len);
   ::close(fd);
   return ntohs(addr.sin_port);
}

int connect_to(int port) {
   const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
   sockaddr_in addr{};
   addr.sin_family = AF_INET;
   addr.sin_port = htons(static_cast<std::uint16_t>(port));
   addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
   if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
      ::close(fd);
      return -1;
   }
   return fd;
}

} // namespace

RedisServer::RedisServer() : port_(free_port()) {}

RedisServer::~RedisServer() {
   stop();
}

bool RedisServer::start() {
   const std::string port = std::to_string(port_);
   pid_ = ::fork();
   if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive the test
      const char *argv[] = {
          PMAT_REDIS_SERVER, "--port", port.c_str(), "--bind",  "127.0.0.1",   "--save", "",
          "--appendonly",    "no",     "--loglevel", "warning", "--daemonize", "no",     nullptr};
      ::execv(PMAT_REDIS_SERVER, const_cast<char *const *>(argv));
      ::_exit(127);
   }
   for (int i = 0; i < 500; ++i) { // up to ~5 s on a loaded machine
      if (raw("*1\r\n$4\r\nPING\r\n").rfind("+PONG", 0) == 0)
         return true;
      ::usleep(10000);
   }
   return false;
}

void RedisServer::stop() {
   if (pid_ <= 0)
      return;
   ::kill(pid_, SIGTERM);
   int status = 0;
   ::waitpid(pid_, &status, 0);
   pid_ = -1;
}

std::string RedisServer::raw(const std::string &resp) const {
   const int fd = connect_to(port_);
   if (fd < 0)
      return "";
   std::string reply;
   if (::write(fd, resp.data(), resp.size()) == static_cast<ssize_t>(resp.size())) {
      char buf[512];
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0)
         reply.assign(buf, static_cast<std::size_t>(n));
   }
   ::close(fd);
   return reply;
}

} // namespace pmat::cache::test
