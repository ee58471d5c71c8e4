// pmat-host: analyze code with the plugin, and inspect plugins and metrics.
#include <cli/commands.hpp>
#include <cli/doctor_command.hpp>
#include <http/serve_command.hpp>
#include <mcp/mcp_command.hpp>

#include <pmat/plugin_api.h>

#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace po = boost::program_options;
using namespace pmat::cli;

namespace {

constexpr const char *k_usage = R"(usage: pmat-host <command> [options]

commands:
  analyze PATH...        analyze files and directories (recursively, honouring .gitignore)
      --format json|text|sarif   output format (default json)
      --engine auto|native|claude   engine choice (default auto: the rollout flags decide)
      --profile default|strict      quality gate profile (default: pmat's thresholds)
      --fail-on-violation           exit 1 when the quality gate fails
      --plugin-dir DIR              plugins directory (default: $PMAT_PLUGIN_PATH, install dir, build tree)
      --jobs N                      parallel files (default: one per core)
      --quiet                       no progress lines on stderr
  plugins list|check [DIR]  list plugin files, or fully validate each (init + smoke call)
  metrics [--format prometheus|openmetrics|json] [--plugin-dir DIR]
  flags show | kill on|off | clear-rollback | set FILE.json   [--plugin-dir DIR]
        [--source file:PATH|redis://[user:password@]host:port/db]   (default: $PMAT_FLAGS_SOURCE)
                         rollout flags, the kill switch and a latched auto-rollback
  fleet [--format text|json] [--source redis://...] [--plugin-dir DIR]
                         the hosts sharing the flags source: versions, flags revision, errors
  serve --listen 127.0.0.1:8787 [--allow-root DIR]...   HTTP API, /metrics and a status page
                                                      (pmat-host serve --help for every option)
  mcp [--enable-admin]   an MCP server on stdio (pmat-host mcp --help)
  doctor [--format text|json] [--plugin-dir DIR] [--engine auto|native|claude] [--check-api]
                         what works on this machine, what does not, and how to fix it
                         (--check-api also sends one 1-token request to the Claude endpoint)
  version
)";

int analyze(const std::vector<std::string> &arguments) {
   AnalyzeArgs args;
   po::options_description options;
   options.add_options()("format", po::value(&args.format))(
       "engine", po::value(&args.options.engine))("profile", po::value(&args.options.profile))(
       "plugin-dir", po::value(&args.plugin_dir))("jobs", po::value(&args.options.jobs))(
       "fail-on-violation", po::bool_switch(&args.fail_on_violation))(
       "quiet", po::bool_switch(&args.quiet))("paths", po::value(&args.paths));
   po::positional_options_description positional;
   positional.add("paths", -1);
   po::variables_map vm;
   po::store(po::command_line_parser(arguments).options(options).positional(positional).run(), vm);
   po::notify(vm);
   if (args.paths.empty())
      throw po::error("analyze needs at least one PATH");
   return run_analyze(args);
}

int metrics(const std::vector<std::string> &arguments) {
   std::string format = "prometheus";
   std::string plugin_dir;
   po::options_description options;
   options.add_options()("format", po::value(&format))("plugin-dir", po::value(&plugin_dir));
   po::variables_map vm;
   po::store(po::command_line_parser(arguments).options(options).run(), vm);
   po::notify(vm);
   return run_metrics(format, plugin_dir);
}

int flags(const std::vector<std::string> &arguments) {
   std::string plugin_dir, source;
   std::vector<std::string> words;
   po::options_description options;
   options.add_options()("plugin-dir", po::value(&plugin_dir))("source", po::value(&source))(
       "words", po::value(&words));
   po::positional_options_description positional;
   positional.add("words", -1);
   po::variables_map vm;
   po::store(po::command_line_parser(arguments).options(options).positional(positional).run(), vm);
   po::notify(vm);
   return run_flags(words, plugin_dir, source);
}

int fleet(const std::vector<std::string> &arguments) {
   std::string plugin_dir, source, format = "text";
   po::options_description options;
   options.add_options()("plugin-dir", po::value(&plugin_dir))("source", po::value(&source))(
       "format", po::value(&format));
   po::variables_map vm;
   po::store(po::command_line_parser(arguments).options(options).run(), vm);
   po::notify(vm);
   return run_fleet(plugin_dir, source, format);
}

int plugins(const std::vector<std::string> &rest) {
   if (rest.empty() || rest.size() > 2)
      throw po::error("plugins takes list|check [DIR]");
   return run_plugins(rest[0], rest.size() == 2 ? rest[1] : "");
}

int doctor(const std::vector<std::string> &arguments) {
   DoctorArgs args;
   po::options_description options;
   options.add_options()("format", po::value(&args.format))("plugin-dir",
                                                            po::value(&args.plugin_dir))(
       "engine", po::value(&args.engine))("check-api", po::bool_switch(&args.check_api));
   po::variables_map vm;
   po::store(po::command_line_parser(arguments).options(options).run(), vm);
   po::notify(vm);
   return run_doctor(args);
}

int version(const std::vector<std::string> &) {
   std::cout << "pmat-host " PMAT_HOST_VERSION " (plugin ABI " PMAT_PLUGIN_ABI_VERSION_STRING ")\n";
   return k_exit_ok;
}

int help(const std::vector<std::string> &) {
   std::cout << k_usage;
   return k_exit_ok;
}

using Command = int (*)(const std::vector<std::string> &);

const std::map<std::string, Command> k_commands = {{"analyze", analyze},
                                                   {"plugins", plugins},
                                                   {"metrics", metrics},
                                                   {"flags", flags},
                                                   {"fleet", fleet},
                                                   {"serve", pmat::serve::run_serve},
                                                   {"mcp", pmat::mcp::run_mcp},
                                                   {"doctor", doctor},
                                                   {"version", version},
                                                   {"help", help},
                                                   {"--help", help},
                                                   {"-h", help}};

int dispatch(const std::string &command, const std::vector<std::string> &rest) {
   const auto found = k_commands.find(command);
   if (found == k_commands.end())
      throw po::error("unknown command '" + command + "'");
   return found->second(rest);
}

} // namespace

int main(int argc, char **argv) {
   if (argc < 2) {
      std::cerr << k_usage;
      return k_exit_usage;
   }
   // The plugin reads it (config key host.version) for its heartbeat in the fleet view.
   ::setenv("PMAT_HOST_VERSION", PMAT_HOST_VERSION, 0);
   try {
      return dispatch(argv[1], std::vector<std::string>(argv + 2, argv + argc));
   } catch (const po::error &e) {
      std::cerr << "pmat-host: " << e.what() << "\n" << k_usage;
      return k_exit_usage;
   } catch (const std::invalid_argument &e) {
      std::cerr << "pmat-host: " << e.what() << "\n";
      return k_exit_usage;
   } catch (const std::exception &e) {
      std::cerr << "pmat-host: " << e.what() << "\n";
      return k_exit_failure;
   }
}
