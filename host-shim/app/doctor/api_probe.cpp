// --check-api: one POST /v1/messages with max_tokens 1 to the configured endpoint, over TLS
// (verified against the system's CA store and the host name) or plain HTTP for a local endpoint.
// The only Beast/Asio translation unit of the doctor.
#include "claude_check.hpp"

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
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>

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

// The API's error message ("invalid x-api-key"), or the start of the body.
std::string error_message(const std::string &body) {
   boost::system::error_code ec;
   const auto value = json::parse(body, ec);
   const auto *error = !ec && value.is_object() ? value.as_object().if_contains("error") : nullptr;
   const auto *message =
       error && error->is_object() ? error->as_object().if_contains("message") : nullptr;
   return message && message->is_string() ? std::string(message->as_string()) : body.substr(0, 200);
}

Check verdict(const Endpoint &endpoint, const std::string &model, const Answer &answer) {
   const std::string id = "claude.api";
   const std::string where = endpoint.base_url;
   if (!answer.error.empty())
      return fail(id, "cannot reach " + where, answer.error,
                  "check the network, proxy and DNS for " + egress_of(endpoint) +
                      ", or ANTHROPIC_BASE_URL",
                  Scope::Claude);
   const std::string status = "HTTP " + std::to_string(answer.status);
   if (answer.status == 200)
      return ok(id, where + " answered a 1-token request for " + model, Scope::Claude);
   if (answer.status == 429 || answer.status == 529)
      return warn(id, where + " is busy (" + status + ")", error_message(answer.body),
                  "the credentials work; wait, or lower the rollout percentage", Scope::Claude);
   if (answer.status == 401 || answer.status == 403)
      return fail(id, where + " refused the credentials (" + status + ")",
                  error_message(answer.body), "check ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN)",
                  Scope::Claude);
   return fail(id, where + " answered " + status, error_message(answer.body),
               "check PMAT_CLAUDE_MODEL and ANTHROPIC_BASE_URL", Scope::Claude);
}

} // namespace

Check check_api(const BridgeSetup &bridge) {
   const auto endpoint = parse_endpoint(configured_base_url());
   if (!endpoint)
      return fail("claude.api", "no request sent", "the endpoint is not an http(s) URL",
                  "see claude.endpoint", Scope::Claude);
   const std::string model = configured_model(bridge);
   if (model.empty())
      return fail("claude.api", "no request sent",
                  "no model: PMAT_CLAUDE_MODEL is unset and the "
                  "bridge's default could not be read",
                  "set PMAT_CLAUDE_MODEL", Scope::Claude);
   const auto started = std::chrono::steady_clock::now();
   const Answer answer = post(*endpoint, make_request(*endpoint, model));
   Check check = verdict(*endpoint, model, answer);
   check.data = {{"status", answer.status},
                 {"model", model},
                 {"elapsed_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - started)
                                    .count()}};
   return check;
}

} // namespace pmat::doctor
