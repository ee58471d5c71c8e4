// Egress to exactly one endpoint. Inside the sandbox's network namespace, loopback is brought up
// and a TCP listener takes the endpoint's port on 127.0.0.1 (the endpoint's host name resolves
// there through the sandbox's /etc/hosts). The listener is handed to the launcher, which stays
// in the host's network namespace, accepts on it and relays each connection to the one resolved
// endpoint. Nothing else is reachable: the namespace has no other interface and no route.
#pragma once

#include <memory>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace pmat::sandbox::launcher {

struct Endpoint {
   std::string host; // as given ("api.anthropic.com", "127.0.0.1")
   unsigned short port = 0;
   bool host_is_name = false; // needs an /etc/hosts entry inside
   std::string inside_address = "127.0.0.1";
   std::vector<sockaddr_storage> addresses; // resolved outside, before any namespace
   std::vector<socklen_t> lengths;
};

// Parses "host:port" ("[v6]:port" is refused: the inside listener is IPv4 loopback) and
// resolves it. Non-loopback IP literals are refused: only a name can be redirected inside.
std::string resolve_endpoint(const std::string &text, Endpoint &out);

// Inside the new network namespace: loopback up (when `loopback_up`), then a listener for the
// endpoint. -1 and `error` on failure.
std::string bring_loopback_up();
int listen_inside(const Endpoint &endpoint, std::string &error);

// The relay in the launcher, bounded per worker (one launcher per worker): at most
// `max_connections` relayed at once (two threads each, so the launcher never runs more than
// 2 x max_connections + 1 threads), each with a connect and an idle timeout. While at the cap, or
// after accept failed for lack of descriptors, the listener is not polled: further connections
// wait in its backlog (or are refused by the kernel) instead of spinning the supervisor.
struct RelayLimits {
   int max_connections = 32;
   int connect_timeout_ms = 10'000;
   int idle_timeout_ms = 600'000; // no byte either way for this long ends a connection
};

class Relay {
 public:
   Relay(const Endpoint &endpoint, RelayLimits limits);
   // Whether the supervisor should poll the listener now.
   [[nodiscard]] bool accepting() const;
   // Accepts one connection and starts relaying it (or drops it when the endpoint is down).
   void accept_from(int listener);
   // Readable when a relayed connection has ended; drain() it, then poll the listener again.
   [[nodiscard]] int wake_fd() const;
   void drain();
   // Poll timeout while paused for lack of descriptors with nothing left to wake us (ms; -1 none).
   [[nodiscard]] int retry_timeout_ms() const;

   struct State;

 private:
   std::shared_ptr<State> state_; // shared with the relay threads, which may outlive this
   bool out_of_files_ = false;
};

} // namespace pmat::sandbox::launcher
