// SPDX-License-Identifier: MIT
// pmat-host mcp: the MCP server on stdio. stdout carries the protocol only; everything else
// (the shim's and the plugin's logs, and any stray write to stdout) goes to stderr.
#include "mcp_command.hpp"
#include "mcp_server.hpp"

#include <core/allowed_roots.hpp>
#include <core/session.hpp>

#include <boost/program_options.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

namespace po = boost::program_options;

namespace pmat::mcp {
namespace {

constexpr std::size_t k_max_message = 64u << 20;
constexpr std::size_t k_max_file = 16u << 20;

constexpr const char *k_usage = R"(usage: pmat-host mcp [options]
  --plugin-dir DIR    plugins directory (default: $PMAT_PLUGIN_PATH, install dir, build tree)
  --allow-root DIR    directory analyze_path may read (repeatable; default: the current directory)
  --enable-admin      also offer the admin tools (reload_plugin)
)";

struct McpArgs {
   std::string plugin_dir;
   std::vector<std::string> roots;
   bool enable_admin = false;
   bool help = false;
};

McpArgs parse(const std::vector<std::string> &arguments) {
   McpArgs args;
   po::options_description options;
   options.add_options()("plugin-dir", po::value(&args.plugin_dir))(
       "allow-root", po::value(&args.roots)->composing())(
       "enable-admin", po::bool_switch(&args.enable_admin))("help", po::bool_switch(&args.help));
   po::variables_map vm;
   po::store(po::command_line_parser(arguments).options(options).run(), vm);
   po::notify(vm);
   if (args.roots.empty())
      args.roots.push_back(std::filesystem::current_path().string());
   return args;
}

// Keeps the real stdout for the protocol and points fd 1 at stderr, so that a plugin's printf
// cannot corrupt the message stream (anchors §10: a stray stdout write is the classic breakage).
int take_stdout() {
   const int protocol = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
   if (protocol < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
      throw std::runtime_error("cannot set up stdout for the protocol");
   return protocol;
}

int serve_stdio(const McpArgs &args) {
   std::signal(SIGPIPE, SIG_IGN); // a vanished client shows up as a failed write instead
   const app::AllowedRoots roots(args.roots);
   const app::Session session = app::Session::open(args.plugin_dir, true);
   if (const auto error = session.reload_on_signal(SIGHUP))
      std::cerr << "pmat-host mcp: SIGHUP reload unavailable: " << *error << "\n";
   LineWriter out(take_stdout());
   const ToolContext tools{session, roots, k_max_file, args.enable_admin};
   McpServer server(tools, out, std::max(2u, std::thread::hardware_concurrency()));
   LineReader in(STDIN_FILENO, k_max_message);
   std::string line;
   for (;;) {
      const auto got = in.next(line);
      if (got == LineReader::Result::End)
         break;
      if (got == LineReader::Result::TooLong)
         server.reject_oversized();
      else
         server.handle_line(line);
   }
   server.finish(); // stdin closed: answer what is running, then exit
   return 0;
}

} // namespace

int run_mcp(const std::vector<std::string> &arguments) {
   McpArgs args;
   try {
      args = parse(arguments);
   } catch (const std::exception &e) {
      std::cerr << "pmat-host mcp: " << e.what() << "\n" << k_usage;
      return 2;
   }
   if (args.help) {
      std::cerr << k_usage;
      return 0;
   }
   try {
      return serve_stdio(args);
   } catch (const std::exception &e) {
      std::cerr << "pmat-host mcp: " << e.what() << "\n";
      return 4;
   }
}

} // namespace pmat::mcp
