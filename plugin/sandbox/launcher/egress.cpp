#include "egress.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <thread>
#include <unistd.h>

namespace pmat::sandbox::launcher {
namespace {

std::string failure(const std::string &what) {
   return what + ": " + std::strerror(errno);
}

// Both directions of one relayed connection; the fds close when the last direction ends.
struct Pair {
   int inside;
   int outside;
   ~Pair() {
      close(inside);
      close(outside);
   }
};

bool write_all(int fd, const char *data, std::size_t size) {
   while (size > 0) {
      ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         return false;
      data += n;
      size -= static_cast<std::size_t>(n);
   }
   return true;
}

// `pair` keeps both fds open until both directions are done.
void pump([[maybe_unused]] std::shared_ptr<Pair> pair, int from, int to) {
   char buffer[64 * 1024];
   for (;;) {
      ssize_t n = recv(from, buffer, sizeof(buffer), 0);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0 || !write_all(to, buffer, static_cast<std::size_t>(n)))
         break;
   }
   shutdown(to, SHUT_WR);
   shutdown(from, SHUT_RD);
}

// A non-blocking connect that gives up after `timeout_ms`; the socket is blocking again after.
bool connect_within(int fd, const sockaddr *address, socklen_t length, int timeout_ms) {
   const int flags = fcntl(fd, F_GETFL);
   fcntl(fd, F_SETFL, flags | O_NONBLOCK);
   int rc = connect(fd, address, length);
   if (rc != 0 && errno == EINPROGRESS) {
      pollfd done{fd, POLLOUT, 0};
      int error = 0;
      socklen_t size = sizeof(error);
      rc = poll(&done, 1, timeout_ms) == 1 &&
                   getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0
               ? 0
               : -1;
   }
   fcntl(fd, F_SETFL, flags);
   return rc == 0;
}

int connect_out(const Endpoint &endpoint, int timeout_ms) {
   for (std::size_t i = 0; i < endpoint.addresses.size(); ++i) {
      const auto *address = reinterpret_cast<const sockaddr *>(&endpoint.addresses[i]);
      int fd = socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0)
         continue;
      if (connect_within(fd, address, endpoint.lengths[i], timeout_ms))
         return fd;
      close(fd);
   }
   return -1;
}

// recv/send give up (EAGAIN) after this long without progress: an idle connection ends.
void set_idle_timeout(int fd, int timeout_ms) {
   timeval limit{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
   setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
   setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));
}

bool is_loopback_v4(const std::string &host) {
   in_addr address{};
   return inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

bool is_ip_literal(const std::string &host) {
   in6_addr v6{};
   in_addr v4{};
   return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

std::string resolve(Endpoint &out) {
   addrinfo hints{};
   hints.ai_socktype = SOCK_STREAM;
   addrinfo *found = nullptr;
   std::string port = std::to_string(out.port);
   int rc = getaddrinfo(out.host.c_str(), port.c_str(), &hints, &found);
   if (rc != 0)
      return "cannot resolve " + out.host + ": " + gai_strerror(rc);
   for (addrinfo *item = found; item != nullptr; item = item->ai_next) {
      sockaddr_storage storage{};
      std::memcpy(&storage, item->ai_addr, item->ai_addrlen);
      out.addresses.push_back(storage);
      out.lengths.push_back(item->ai_addrlen);
   }
   freeaddrinfo(found);
   return "";
}

} // namespace

std::string resolve_endpoint(const std::string &text, Endpoint &out) {
   auto colon = text.rfind(':');
   if (colon == std::string::npos || colon == 0)
      return "endpoint must be HOST:PORT: " + text;
   out.host = text.substr(0, colon);
   const char *end = text.data() + text.size();
   auto [ptr, error] = std::from_chars(text.data() + colon + 1, end, out.port);
   if (error != std::errc{} || ptr != end || out.port == 0)
      return "bad port in " + text;
   if (out.host.front() == '[')
      return "IPv6 endpoints are not supported: " + text;
   out.host_is_name = !is_ip_literal(out.host);
   if (!out.host_is_name && !is_loopback_v4(out.host))
      return "only host names and 127.x addresses can be redirected: " + text;
   if (!out.host_is_name)
      out.inside_address = out.host;
   return resolve(out);
}

std::string bring_loopback_up() {
   int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
   if (fd < 0)
      return failure("socket");
   ifreq request{};
   std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
   int rc = ioctl(fd, SIOCGIFFLAGS, &request);
   request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
   if (rc == 0)
      rc = ioctl(fd, SIOCSIFFLAGS, &request);
   int saved = errno;
   close(fd);
   errno = saved;
   return rc == 0 ? "" : failure("bring lo up");
}

int listen_inside(const Endpoint &endpoint, std::string &error) {
   int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   if (fd < 0) {
      error = failure("socket");
      return -1;
   }
   sockaddr_in address{};
   address.sin_family = AF_INET;
   address.sin_port = htons(endpoint.port);
   inet_pton(AF_INET, endpoint.inside_address.c_str(), &address.sin_addr);
   int one = 1;
   setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
   if (bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0 ||
       listen(fd, 64) != 0) {
      error = failure("listen on " + endpoint.inside_address + ":" + std::to_string(endpoint.port));
      close(fd);
      return -1;
   }
   return fd;
}

struct Relay::State {
   Endpoint endpoint;
   RelayLimits limits;
   std::atomic<int> active{0};
   int wake[2] = {-1, -1};
   ~State() {
      for (int fd : wake)
         if (fd >= 0)
            close(fd);
   }
   void connection_ended() {
      active.fetch_sub(1);
      char byte = 1;
      ssize_t ignored = write(wake[1], &byte, 1);
      (void)ignored;
   }
};

// One relayed connection, both directions (this thread and one more); returns when both ended.
static void relay(int inside, const Relay::State &state) {
   int outside = connect_out(state.endpoint, state.limits.connect_timeout_ms);
   if (outside < 0) {
      close(inside);
      return;
   }
   set_idle_timeout(inside, state.limits.idle_timeout_ms);
   set_idle_timeout(outside, state.limits.idle_timeout_ms);
   std::shared_ptr<Pair> pair(new Pair{inside, outside});
   std::thread other(pump, pair, inside, outside);
   pump(pair, outside, inside);
   other.join();
}

Relay::Relay(const Endpoint &endpoint, RelayLimits limits) : state_(std::make_shared<State>()) {
   state_->endpoint = endpoint;
   state_->limits = limits;
   if (pipe2(state_->wake, O_CLOEXEC | O_NONBLOCK) != 0)
      state_->wake[0] = state_->wake[1] = -1;
}

bool Relay::accepting() const {
   return !out_of_files_ && state_->active.load() < state_->limits.max_connections;
}

int Relay::wake_fd() const {
   return state_->wake[0];
}

void Relay::drain() {
   char buffer[64];
   while (read(state_->wake[0], buffer, sizeof(buffer)) > 0) {
   }
   out_of_files_ = false;
}

int Relay::retry_timeout_ms() const {
   return out_of_files_ && state_->active.load() == 0 ? 100 : -1;
}

void Relay::accept_from(int listener) {
   int inside = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
   if (inside < 0) {
      out_of_files_ = errno == EMFILE || errno == ENFILE;
      return;
   }
   state_->active.fetch_add(1);
   std::thread([inside, state = state_] {
      relay(inside, *state);
      state->connection_ended();
   }).detach();
}

} // namespace pmat::sandbox::launcher
