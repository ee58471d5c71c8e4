// The Anthropic endpoint the workers would call: ANTHROPIC_BASE_URL, else the public API. Parsed
// the way the plugin parses it for the sandbox's egress rule (plugin/sandbox's
// endpoint_of_base_url): http or https, a host, an optional port, no user info.
#pragma once

#include <optional>
#include <string>

namespace pmat::doctor {

struct Endpoint {
   std::string base_url; // as configured
   bool tls = true;
   std::string host; // without brackets for IPv6
   std::string port;
   std::string path; // the base URL's path without a trailing '/', e.g. "" or "/proxy"
};

inline constexpr const char *k_default_base_url = "https://api.anthropic.com";

// `base_url` parsed; nullopt when it is not http(s)://host[:port][/path].
std::optional<Endpoint> parse_endpoint(const std::string &base_url);

// ANTHROPIC_BASE_URL or the default, as configured (not parsed).
std::string configured_base_url();

// "host:port" as the sandbox's egress rule spells it ("[::1]:8080" for IPv6).
std::string egress_of(const Endpoint &endpoint);

} // namespace pmat::doctor
