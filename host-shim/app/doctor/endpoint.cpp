#include "endpoint.hpp"

#include "settings.hpp"

#include <charconv>
#include <string_view>

namespace pmat::doctor {
namespace {

bool valid_port(std::string_view text) {
   unsigned port = 0;
   const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
   return ec == std::errc() && end == text.data() + text.size() && port > 0 && port < 65536;
}

// The colon before the port in "host:port" or "[v6]:port"; npos when there is no port.
std::size_t port_colon(std::string_view authority) {
   const std::size_t colon = authority.rfind(':');
   if (colon == std::string_view::npos || authority.front() != '[')
      return colon;
   return authority[colon - 1] == ']' ? colon : std::string_view::npos;
}

std::string_view unbracketed(std::string_view host) {
   if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
      return host.substr(1, host.size() - 2);
   return host;
}

// Splits "host[:port]" (host may be "[v6]") into `endpoint`; false when malformed.
bool split_authority(std::string_view authority, Endpoint &endpoint) {
   if (authority.empty() || authority.find('@') != std::string_view::npos)
      return false;
   const std::size_t colon = port_colon(authority);
   if (colon != std::string_view::npos)
      endpoint.port = std::string(authority.substr(colon + 1));
   endpoint.host = std::string(unbracketed(authority.substr(0, colon)));
   return !endpoint.host.empty() && valid_port(endpoint.port);
}

} // namespace

std::optional<Endpoint> parse_endpoint(const std::string &base_url) {
   Endpoint endpoint;
   endpoint.base_url = base_url;
   std::string_view url = base_url;
   if (url.starts_with("https://")) {
      url.remove_prefix(8);
      endpoint.port = "443";
   } else if (url.starts_with("http://")) {
      url.remove_prefix(7);
      endpoint.tls = false;
      endpoint.port = "80";
   } else {
      return std::nullopt;
   }
   const std::size_t end = url.find_first_of("/?#");
   if (!split_authority(url.substr(0, end), endpoint))
      return std::nullopt;
   if (end != std::string_view::npos && url[end] == '/')
      endpoint.path = std::string(url.substr(end, url.find_first_of("?#") - end));
   while (!endpoint.path.empty() && endpoint.path.back() == '/')
      endpoint.path.pop_back();
   return endpoint;
}

std::string configured_base_url() {
   return env_value("ANTHROPIC_BASE_URL").value_or(k_default_base_url);
}

std::string egress_of(const Endpoint &endpoint) {
   const bool v6 = endpoint.host.find(':') != std::string::npos;
   return (v6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + endpoint.port;
}

} // namespace pmat::doctor
