// SPDX-License-Identifier: MIT
// pmat-host serve: wires the shim (watch mode + SIGHUP reload), the admin token, the routes and
// the HTTP transport together.
#include "serve_command.hpp"

#include "admin_token.hpp"
#include "http_server.hpp"
#include "routes.hpp"
#include "serve_options.hpp"

#include <core/allowed_roots.hpp>
#include <core/session.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/program_options/errors.hpp>

#include <csignal>
#include <iostream>

namespace pmat::serve {
namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_usage = 2;
constexpr int k_exit_config = 4;

bool is_loopback(const std::string &address) {
   boost::system::error_code ec;
   const auto parsed = boost::asio::ip::make_address(address, ec);
   return !ec && parsed.is_loopback();
}

int serve(const ServeArgs &args) {
   const app::AllowedRoots roots(args.allow_roots);
   const auto token_path =
       args.token_file.empty() ? default_token_path() : std::filesystem::path(args.token_file);
   const std::string token = load_or_create_token(token_path);
   const app::Session session = app::Session::open(args.plugin_dir, true);
   if (const auto error = session.reload_on_signal(SIGHUP))
      std::cerr << "pmat-host serve: SIGHUP reload unavailable: " << *error << "\n";
   ServerStats stats;
   std::atomic<bool> draining{false};
   Router router(token, args.admission);
   const ConsoleFeed console(session, std::chrono::milliseconds(args.console_sample_ms));
   const ServiceContext context{session, roots, args.server.max_body, stats, draining, console};
   install_routes(router, context);
   HttpServer server(args.server, router, stats, draining);
   const unsigned short port = server.listen();
   std::cout << port << std::endl; // first stdout line: the bound port, for scripts and tests
   std::cerr << "pmat-host serve: listening on http://" << args.server.address << ":" << port
             << "/ (admin token in " << token_path.string() << ")\n";
   server.run();
   std::cerr << "pmat-host serve: stopped\n";
   return k_exit_ok;
}

} // namespace

int run_serve(const std::vector<std::string> &arguments) {
   ServeArgs args;
   try {
      args = parse_serve_args(arguments);
   } catch (const std::exception &e) {
      std::cerr << "pmat-host serve: " << e.what() << "\n" << k_serve_usage;
      return k_exit_usage;
   }
   if (args.help) {
      std::cout << k_serve_usage;
      return k_exit_ok;
   }
   if (!args.allow_remote && !is_loopback(args.server.address)) {
      std::cerr << "pmat-host serve: refusing to listen on " << args.server.address
                << ": not a loopback address (pass --allow-remote to insist)\n";
      return k_exit_config;
   }
   try {
      return serve(args);
   } catch (const std::exception &e) {
      std::cerr << "pmat-host serve: " << e.what() << "\n";
      return k_exit_config;
   }
}

} // namespace pmat::serve
