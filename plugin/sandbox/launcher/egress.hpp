// Egress to exactly one endpoint. Inside the sandbox's network namespace, loopback is brought up
// and a TCP listener takes the endpoint's port on 127.0.0.1 (the endpoint's host name resolves
// there through the sandbox's /etc/hosts). The listener is handed to the launcher, which stays
// in the host's network namespace, accepts on it and relays each connection to the one resolved
// endpoint. Nothing else is reachable: the namespace has no other interface and no route.
#pragma once

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

// In the launcher: one detached relay thread pair per accepted connection.
void relay_connection(int inside, const Endpoint &endpoint);

} // namespace pmat::sandbox::launcher
