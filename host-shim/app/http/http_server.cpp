// SPDX-License-Identifier: MIT
#include "http_server.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <csignal>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace pmat::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint32_t k_header_limit = 16 * 1024;
// After an error response the server stops reading requests but keeps draining what the client
// still sends for a moment: closing with unread data makes the kernel send RST, and the client
// would then lose the 4xx it is owed.
constexpr std::chrono::milliseconds k_linger{500};

HttpRequest to_request(http::request<http::string_body> &&req) {
   HttpRequest out;
   out.method = std::string(req.method_string());
   const std::string_view target = req.target();
   out.path = std::string(target.substr(0, target.find('?')));
   out.authorization = std::string(req[http::field::authorization]);
   out.accept = std::string(req[http::field::accept]);
   out.body = std::move(req.body());
   return out;
}

HttpResponse run_handler(const Handler &handler, const HttpRequest &request) {
   try {
      return handler(request);
   } catch (const std::exception &e) {
      return error_response(500, "internal", e.what());
   }
}

} // namespace

class Session;

struct HttpServer::Impl {
   Impl(ServerOptions o, Router &r, ServerStats &s, std::atomic<bool> &d)
       : options(std::move(o)), router(r), stats(s), draining(d),
         ioc(static_cast<int>(options.io_threads)), workers(options.workers) {}

   void accept();
   void on_accept(const beast::error_code &ec, tcp::socket socket);
   void on_signal(const beast::error_code &ec);
   void begin_shutdown();
   void poll_drain();
   std::size_t session_count();

   ServerOptions options;
   Router &router;
   ServerStats &stats;
   std::atomic<bool> &draining;
   // Declared before the io_context: sessions unregister here when the io_context destroys
   // their pending handlers.
   std::mutex sessions_mutex;
   std::unordered_map<Session *, std::weak_ptr<Session>> sessions;
   asio::io_context ioc;
   asio::strand<asio::io_context::executor_type> control{asio::make_strand(ioc)};
   tcp::acceptor acceptor{control};
   asio::signal_set signals{control};
   asio::steady_timer control_timer{control};
   Clock::time_point drain_deadline{};
   asio::thread_pool workers; // destroyed (joined) before the io_context
};

class Session : public std::enable_shared_from_this<Session> {
 public:
   Session(tcp::socket &&socket, HttpServer::Impl &server)
       : stream_(std::move(socket)), timer_(stream_.get_executor()),
         queue_timer_(stream_.get_executor()), server_(server) {
      server_.stats.connection_opened();
   }
   ~Session() {
      server_.stats.connection_closed();
      std::lock_guard lock(server_.sessions_mutex);
      server_.sessions.erase(this);
   }

   void start() {
      {
         std::lock_guard lock(server_.sessions_mutex);
         server_.sessions.emplace(this, weak_from_this());
      }
      asio::dispatch(stream_.get_executor(),
                     beast::bind_front_handler(&Session::read_header, shared_from_this()));
   }

   asio::any_io_executor executor() { return stream_.get_executor(); }

   // On shutdown: an idle connection closes now, a busy one after its response.
   void drain() {
      close_after_ = true;
      if (!busy_ && !got_some())
         close();
   }

 private:
   bool got_some() const { return buffer_.size() > 0 || (parser_ && parser_->got_some()); }

   void arm(std::chrono::milliseconds timeout) {
      timed_out_ = false;
      timer_.expires_after(timeout);
      timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
         if (!ec)
            self->on_timeout();
      });
   }

   // A read past its deadline is cancelled; the read's handler then answers 408 or closes.
   void on_timeout() {
      timed_out_ = true;
      beast::error_code ignored;
      stream_.socket().cancel(ignored);
   }

   void read_header() {
      if (server_.draining.load() || closed_)
         return close();
      parser_.emplace();
      parser_->body_limit(server_.options.max_body);
      parser_->header_limit(k_header_limit);
      arm(server_.options.header_timeout);
      http::async_read_header(stream_, buffer_, *parser_,
                              beast::bind_front_handler(&Session::on_header, shared_from_this()));
   }

   void on_header(beast::error_code ec, std::size_t) {
      if (ec)
         return on_read_error(ec);
      if (beast::iequals(parser_->get()[http::field::expect], "100-continue"))
         return send_continue();
      read_body();
   }

   // curl and other clients wait for "100 Continue" before sending a large body.
   void send_continue() {
      auto interim =
          std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(stream_, *interim,
                        [self = shared_from_this(), interim](beast::error_code ec, std::size_t) {
                           if (ec)
                              return self->close();
                           self->read_body();
                        });
   }

   void read_body() {
      arm(server_.options.body_timeout);
      http::async_read(stream_, buffer_, *parser_,
                       beast::bind_front_handler(&Session::on_body, shared_from_this()));
   }

   void on_body(beast::error_code ec, std::size_t) {
      timer_.cancel();
      if (ec)
         return on_read_error(ec);
      handle(parser_->release());
   }

   void on_read_error(const beast::error_code &ec) {
      timer_.cancel();
      if (timed_out_)
         return got_some() ? refuse(408, "request_timeout", "the request was not received in time")
                           : close();
      if (ec == http::error::body_limit)
         return refuse(413, "too_large",
                       "the body is larger than the limit of " +
                           std::to_string(server_.options.max_body) + " bytes");
      if (ec == http::error::header_limit)
         return refuse(431, "headers_too_large", "the request headers are too large");
      if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
          ec != http::error::end_of_stream && ec != http::error::partial_message)
         return refuse(400, "bad_request", "malformed HTTP request: " + ec.message());
      close();
   }

   void handle(http::request<http::string_body> &&req) {
      busy_ = true;
      counted_ = true;
      server_.stats.in_flight.fetch_add(1);
      started_ = Clock::now();
      keep_alive_ = req.keep_alive();
      auto request = std::make_shared<HttpRequest>(to_request(std::move(req)));
      Dispatch dispatch = server_.router.route(*request);
      if (dispatch.immediate)
         return respond(std::move(*dispatch.immediate));
      if (!dispatch.offload)
         return respond(run_handler(*dispatch.handler, *request));
      admit(*dispatch.handler, std::move(request));
   }

   // A slot now (the handler is posted to a worker), a place in the queue until the deadline,
   // or 503 when the queue is full.
   void admit(const Handler &handler, std::shared_ptr<HttpRequest> request) {
      Admission &admission = server_.router.admission();
      auto entry = admission.enter(
          [self = shared_from_this(), &handler, request](Admission::Slot slot) mutable {
             self->run_on_worker(handler, std::move(request), std::move(slot));
          });
      if (entry.outcome == Admission::Outcome::Full) {
         server_.stats.saturated();
         return respond(refusal("saturated", "every one of the " +
                                                 std::to_string(admission.limits().slots) +
                                                 " analysis slots is taken and " +
                                                 std::to_string(admission.limits().queue) +
                                                 " requests are already waiting; retry"));
      }
      if (entry.outcome == Admission::Outcome::Queued)
         wait_in_queue(std::move(entry.waiter));
   }

   // The queue deadline: a request still waiting then is taken out and refused.
   void wait_in_queue(std::shared_ptr<Admission::Waiter> waiter) {
      const auto timeout = server_.router.admission().limits().queue_timeout;
      queue_timer_.expires_after(timeout);
      queue_timer_.async_wait([self = shared_from_this(), waiter, timeout](beast::error_code ec) {
         if (ec || !self->server_.router.admission().withdraw(waiter))
            return; // cancelled, or a slot came first: the worker answers
         self->server_.stats.queue_timed_out();
         self->respond(refusal("queue_timeout", "no analysis slot became free within " +
                                                    std::to_string(timeout.count()) +
                                                    " ms; retry"));
      });
   }

   static HttpResponse refusal(const std::string &code, const std::string &message) {
      HttpResponse response = error_response(503, code, message);
      response.headers.emplace_back("Retry-After", "1");
      return response;
   }

   // Runs on a worker thread while holding `slot`; the answer goes back to this connection's
   // strand. Called on the thread that granted the slot: an I/O thread or a worker.
   void run_on_worker(const Handler &handler, std::shared_ptr<HttpRequest> request,
                      Admission::Slot slot) {
      asio::post(server_.workers, [self = shared_from_this(), &handler, request,
                                   slot = std::move(slot)]() mutable {
         HttpResponse response = run_handler(handler, *request);
         slot = Admission::Slot(); // the work is done: the slot goes to the next waiter now
         asio::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
            self->queue_timer_.cancel();
            self->respond(std::move(response));
         });
      });
   }

   void respond(HttpResponse response) {
      server_.stats.record(response.status, Clock::now() - started_);
      const bool keep = keep_alive_ && !close_after_ && !server_.draining.load();
      send(std::move(response), !keep);
   }

   // An error found while reading: answered, then the connection is closed because the rest of
   // the stream can no longer be trusted to start at a request boundary.
   void refuse(unsigned status, const std::string &code, const std::string &message) {
      server_.stats.record(status, std::chrono::nanoseconds(0));
      busy_ = true;
      send(error_response(status, code, message), true);
   }

   void send(HttpResponse response, bool close_after) {
      response_ = {};
      response_.version(11);
      response_.result(response.status);
      response_.set(http::field::server, "pmat-host");
      response_.set(http::field::content_type, response.content_type);
      response_.set(http::field::cache_control, "no-store");
      response_.set("X-Content-Type-Options", "nosniff");
      for (const auto &[name, value] : response.headers)
         response_.set(name, value);
      response_.body() = std::move(response.body);
      response_.keep_alive(!close_after);
      response_.prepare_payload();
      stream_.expires_after(server_.options.write_timeout);
      http::async_write(
          stream_, response_,
          [self = shared_from_this(), close_after](beast::error_code ec, std::size_t) {
             self->on_write(ec, close_after);
          });
   }

   void on_write(const beast::error_code &ec, bool close_after) {
      stream_.expires_never();
      busy_ = false;
      if (counted_)
         server_.stats.in_flight.fetch_sub(1);
      counted_ = false;
      if (ec)
         return close();
      if (close_after)
         return linger();
      read_header();
   }

   void linger() {
      closed_ = true;
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      arm(k_linger);
      discard();
   }

   void discard() {
      stream_.socket().async_read_some(
          asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
             if (ec)
                return self->close();
             self->discard();
          });
   }

   void close() {
      closed_ = true;
      timer_.cancel();
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.socket().close(ignored);
   }

   beast::tcp_stream stream_;
   asio::steady_timer timer_;
   asio::steady_timer queue_timer_; // the admission queue's deadline for the request in hand
   HttpServer::Impl &server_;
   beast::flat_buffer buffer_;
   std::optional<http::request_parser<http::string_body>> parser_;
   http::response<http::string_body> response_;
   std::array<char, 4096> scratch_{};
   Clock::time_point started_{};
   bool timed_out_ = false;
   bool busy_ = false;
   bool counted_ = false;
   bool keep_alive_ = false;
   bool close_after_ = false;
   bool closed_ = false;
};

void HttpServer::Impl::accept() {
   acceptor.async_accept(asio::make_strand(ioc), beast::bind_front_handler(&Impl::on_accept, this));
}

void HttpServer::Impl::on_accept(const beast::error_code &ec, tcp::socket socket) {
   if (!acceptor.is_open())
      return;
   if (ec) {
      // Out of descriptors and the like: pause instead of spinning on the same error.
      std::cerr << "pmat-host serve: accept failed: " << ec.message() << "\n";
      control_timer.expires_after(std::chrono::milliseconds(100));
      control_timer.async_wait([this](beast::error_code wait_ec) {
         if (!wait_ec && acceptor.is_open())
            accept();
      });
      return;
   }
   beast::error_code ignored;
   socket.set_option(tcp::no_delay(true), ignored);
   std::make_shared<Session>(std::move(socket), *this)->start();
   accept();
}

void HttpServer::Impl::on_signal(const beast::error_code &ec) {
   if (ec)
      return;
   if (draining.load()) {
      std::cerr << "pmat-host serve: second signal, stopping now\n";
      ioc.stop();
      return;
   }
   begin_shutdown();
   signals.async_wait([this](beast::error_code e, int) { on_signal(e); });
}

void HttpServer::Impl::begin_shutdown() {
   draining.store(true);
   std::cerr << "pmat-host serve: shutting down, draining in-flight requests\n";
   beast::error_code ignored;
   acceptor.close(ignored);
   control_timer.cancel();
   std::vector<std::shared_ptr<Session>> live;
   {
      std::lock_guard lock(sessions_mutex);
      for (auto &[raw, weak] : sessions)
         if (auto session = weak.lock())
            live.push_back(std::move(session));
   }
   for (auto &session : live)
      asio::post(session->executor(), [session] { session->drain(); });
   drain_deadline = Clock::now() + options.drain_timeout;
   poll_drain();
}

std::size_t HttpServer::Impl::session_count() {
   std::lock_guard lock(sessions_mutex);
   return sessions.size();
}

void HttpServer::Impl::poll_drain() {
   const bool drained = stats.in_flight.load() == 0 && session_count() == 0;
   if (drained || Clock::now() >= drain_deadline) {
      if (!drained)
         std::cerr << "pmat-host serve: drain timeout, " << stats.in_flight.load()
                   << " request(s) still in flight\n";
      ioc.stop();
      return;
   }
   control_timer.expires_after(std::chrono::milliseconds(20));
   control_timer.async_wait([this](beast::error_code ec) {
      if (!ec)
         poll_drain();
   });
}

HttpServer::HttpServer(ServerOptions options, Router &router, ServerStats &stats,
                       std::atomic<bool> &draining)
    : impl_(std::make_unique<Impl>(std::move(options), router, stats, draining)) {}

HttpServer::~HttpServer() = default;

unsigned short HttpServer::listen() {
   const tcp::endpoint endpoint{asio::ip::make_address(impl_->options.address),
                                impl_->options.port};
   impl_->acceptor.open(endpoint.protocol());
   impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
   impl_->acceptor.bind(endpoint);
   impl_->acceptor.listen(asio::socket_base::max_listen_connections);
   return impl_->acceptor.local_endpoint().port();
}

void HttpServer::run() {
   impl_->signals.add(SIGTERM);
   impl_->signals.add(SIGINT);
   impl_->signals.async_wait(
       [impl = impl_.get()](beast::error_code ec, int) { impl->on_signal(ec); });
   asio::dispatch(impl_->control, [impl = impl_.get()] { impl->accept(); });
   std::vector<std::thread> threads;
   for (unsigned i = 1; i < impl_->options.io_threads; ++i)
      threads.emplace_back([this] { impl_->ioc.run(); });
   impl_->ioc.run();
   for (auto &thread : threads)
      thread.join();
   impl_->workers.join();
}

} // namespace pmat::serve
