// SPDX-License-Identifier: MIT
// pmat-api-probe BASE_URL MODEL: the request of `pmat-host doctor --check-api`, in a program of
// its own so that pmat-host does not map OpenSSL (libssl and libcrypto bind ~4,900 symbols at
// load: a millisecond of every pmat-host start, docs/performance.md "Start-up") for a check a
// user asks for now and then. One POST /v1/messages with max_tokens 1 to BASE_URL, over TLS
// (verified against the system's CA store and the host name) or plain HTTP for a local endpoint,
// with the credentials of ANTHROPIC_API_KEY (else ANTHROPIC_AUTH_TOKEN) from the environment:
// never on the command line, where other users could read them.
// Prints one JSON object on stdout: {"status": the HTTP status (0 without an answer), "body":
// the answer's body, "error": why there is no answer ("" when there is one)}, and exits 0; exits
// 2 with a usage message on stderr for wrong arguments. The only Beast/Asio and TLS code of the
// doctor.
#include "endpoint.hpp"
#include "settings.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <iostream>

namespace pmat::doctor {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = net::ip::tcp;
using Request = http::request<http::string_body>;

constexpr auto k_timeout = std::chrono::seconds(10);

struct Answer {
   bool done = false;
   int status = 0;
   std::string body;
   std::string error;
};

template <class Stream>
net::awaitable<void> exchange(Stream &stream, Request &request, Answer &answer) {
   co_await http::async_write(stream, request, net::use_awaitable);
   beast::flat_buffer buffer;
   http::response<http::string_body> response;
   co_await http::async_read(stream, buffer, response, net::use_awaitable);
   answer.status = static_cast<int>(response.result_int());
   answer.body = std::move(response.body());
}

net::awaitable<void> over_tcp(const Endpoint &endpoint, Request &request, Answer &answer) {
   const auto executor = co_await net::this_coro::executor;
   tcp::resolver resolver(executor);
   beast::tcp_stream stream(executor);
   const auto found =
       co_await resolver.async_resolve(endpoint.host, endpoint.port, net::use_awaitable);
   co_await stream.async_connect(found, net::use_awaitable);
   co_await exchange(stream, request, answer);
}

net::awaitable<void> over_tls(const Endpoint &endpoint, Request &request, Answer &answer,
                              ssl::context &context) {
   const auto executor = co_await net::this_coro::executor;
   tcp::resolver resolver(executor);
   beast::ssl_stream<beast::tcp_stream> stream(executor, context);
   if (!SSL_set_tlsext_host_name(stream.native_handle(), endpoint.host.c_str()))
      throw std::runtime_error("cannot set the TLS server name");
   stream.set_verify_callback(ssl::host_name_verification(endpoint.host));
   const auto found =
       co_await resolver.async_resolve(endpoint.host, endpoint.port, net::use_awaitable);
   co_await beast::get_lowest_layer(stream).async_connect(found, net::use_awaitable);
   co_await stream.async_handshake(ssl::stream_base::client, net::use_awaitable);
   co_await exchange(stream, request, answer);
}

Request make_request(const Endpoint &endpoint, const std::string &model) {
   Request request(http::verb::post, endpoint.path + "/v1/messages", 11);
   const bool default_port = endpoint.port == (endpoint.tls ? "443" : "80");
   request.set(http::field::host, endpoint.host + (default_port ? "" : ":" + endpoint.port));
   request.set(http::field::content_type, "application/json");
   request.set("anthropic-version", "2023-06-01");
   if (const auto key = env_value("ANTHROPIC_API_KEY"))
      request.set("x-api-key", *key);
   else if (const auto token = env_value("ANTHROPIC_AUTH_TOKEN"))
      request.set(http::field::authorization, "Bearer " + *token);
   const json::object body{
       {"model", model},
       {"max_tokens", 1},
       {"messages", json::array{json::object{{"role", "user"}, {"content", "ping"}}}}};
   request.body() = json::serialize(body);
   request.prepare_payload();
   return request;
}

Answer post(const Endpoint &endpoint, Request request) {
   Answer answer;
   net::io_context io;
   ssl::context context(ssl::context::tls_client);
   context.set_default_verify_paths();
   context.set_verify_mode(ssl::verify_peer);
   auto work = endpoint.tls ? over_tls(endpoint, request, answer, context)
                            : over_tcp(endpoint, request, answer);
   net::co_spawn(io, std::move(work), [&answer](const std::exception_ptr &error) {
      answer.done = true;
      try {
         if (error)
            std::rethrow_exception(error);
      } catch (const std::exception &e) {
         answer.error = e.what();
      }
   });
   io.run_for(k_timeout);
   if (!answer.done)
      answer.error = "no answer within 10 s";
   return answer;
}

} // namespace
} // namespace pmat::doctor

int main(int argc, char **argv) {
   using namespace pmat::doctor;
   const auto endpoint = argc == 3 ? parse_endpoint(argv[1]) : std::nullopt;
   if (!endpoint) {
      std::cerr << "usage: pmat-api-probe BASE_URL MODEL (BASE_URL: http(s)://host[:port][/path]; "
                   "credentials from ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN)\n";
      return 2;
   }
   try {
      const Answer answer = post(*endpoint, make_request(*endpoint, argv[2]));
      std::cout << boost::json::serialize(boost::json::object{
                       {"status", answer.status}, {"body", answer.body}, {"error", answer.error}})
                << "\n";
   } catch (const std::exception &e) {
      std::cout << boost::json::serialize(
                       boost::json::object{{"status", 0}, {"body", ""}, {"error", e.what()}})
                << "\n";
   }
   return 0;
}
