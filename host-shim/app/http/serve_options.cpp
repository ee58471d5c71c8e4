// SPDX-License-Identifier: MIT
#include "serve_options.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace po = boost::program_options;

namespace pmat::serve {

const char *const k_serve_usage = R"(usage: pmat-host serve [options]
  --listen ADDR:PORT        address to listen on (default 127.0.0.1:8787; port 0 = any free
                            port). The bound port is printed alone on stdout's first line.
  --plugin-dir DIR          plugins directory (default: $PMAT_PLUGIN_PATH, install dir, build tree)
  --allow-root DIR          directory whose files POST /v1/analyze may read by path (repeatable)
  --max-body BYTES          largest request body and file (default 16777216)
  --max-concurrency N       analyses and admin calls running at once (default 4 x cores)
  --max-queue N             requests that may wait for a free slot; beyond it, 503 + Retry-After
                            (default 256 x cores; 0 refuses as soon as every slot is taken)
  --queue-timeout-ms MS     the longest a request waits for a slot before 503 (default 5000)
  --io-threads N            HTTP I/O threads (default: one per core)
  --header-timeout-ms MS    time to receive request headers (default 10000)
  --body-timeout-ms MS      time to receive a request body (default 30000)
  --drain-timeout-ms MS     bound on draining in-flight requests at shutdown (default 10000)
  --token-file PATH         admin token file (default $XDG_CONFIG_HOME/pmat/admin-token)
  --console-sample-ms MS    the status page's charts take one reading per MS (default 10000,
                            at least 100); the last hour is kept in memory
  --allow-remote            allow a non-loopback --listen address
)";

namespace {

unsigned cores() {
   return std::max(1u, std::thread::hardware_concurrency());
}

void split_listen(const std::string &listen, ServerOptions &server) {
   const auto colon = listen.rfind(':');
   if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
      throw std::invalid_argument("--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8787");
   std::size_t used = 0;
   const unsigned long port = std::stoul(listen.substr(colon + 1), &used);
   if (used != listen.size() - colon - 1 || port > 65535)
      throw std::invalid_argument("--listen has an invalid port");
   server.address = listen.substr(0, colon);
   if (server.address.size() > 2 && server.address.front() == '[')
      server.address = server.address.substr(1, server.address.size() - 2);
   server.port = static_cast<unsigned short>(port);
}

} // namespace

ServeArgs parse_serve_args(const std::vector<std::string> &arguments) {
   ServeArgs args;
   std::string listen = "127.0.0.1:8787";
   unsigned header_ms = 10000, body_ms = 30000, drain_ms = 10000, io_threads = 0;
   unsigned max_concurrency = 0, max_queue = 0, queue_ms = 5000;
   po::options_description options;
   options.add_options()("listen", po::value(&listen))("plugin-dir", po::value(&args.plugin_dir))(
       "allow-root", po::value(&args.allow_roots)->composing())("max-body",
                                                                po::value(&args.server.max_body))(
       "max-concurrency", po::value(&max_concurrency))("max-queue", po::value(&max_queue))(
       "queue-timeout-ms", po::value(&queue_ms))("io-threads", po::value(&io_threads))(
       "header-timeout-ms", po::value(&header_ms))("body-timeout-ms", po::value(&body_ms))(
       "drain-timeout-ms", po::value(&drain_ms))("token-file", po::value(&args.token_file))(
       "console-sample-ms", po::value(&args.console_sample_ms))(
       "allow-remote", po::bool_switch(&args.allow_remote))("help", po::bool_switch(&args.help));
   po::variables_map vm;
   po::store(po::command_line_parser(arguments).options(options).run(), vm);
   po::notify(vm);
   split_listen(listen, args.server);
   if (args.console_sample_ms < 100)
      throw std::invalid_argument("--console-sample-ms must be at least 100");
   args.server.io_threads = io_threads ? io_threads : cores();
   // Slots: 4 per core, as before the queue existed. Queue: 256 per core, so that a few hundred
   // keep-alive clients on a small machine wait a little instead of being refused; the deadline,
   // not the depth, bounds how long anyone waits (docs/serve.md, "Admission").
   args.admission.slots = max_concurrency ? max_concurrency : std::max(4u, 4 * cores());
   args.admission.queue = vm.count("max-queue") ? max_queue : 256 * cores();
   args.admission.queue_timeout = std::chrono::milliseconds(queue_ms);
   // One worker per admitted request: an analysis may wait on the network (Claude engine), so
   // the workers are not limited to the core count. Queued requests hold no worker.
   args.server.workers = std::min(args.admission.slots, 256u);
   args.server.header_timeout = std::chrono::milliseconds(header_ms);
   args.server.body_timeout = std::chrono::milliseconds(body_ms);
   args.server.drain_timeout = std::chrono::milliseconds(drain_ms);
   return args;
}

} // namespace pmat::serve
