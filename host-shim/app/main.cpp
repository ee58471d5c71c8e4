// SPDX-License-Identifier: MIT
// pmat-host: analyze code with the plugin, and inspect plugins and metrics.
#include <cli/command_line.hpp>
#include <cli/commands.hpp>
#include <cli/doctor_command.hpp>
#include <http/serve_command.hpp>
#include <mcp/mcp_command.hpp>

#include <pmat/plugin_api.h>

#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace po = boost::program_options;
using namespace pmat::cli;

namespace {

constexpr const char *k_usage = R"(usage: pmat-host <command> [options]

commands:
  analyze PATH...        analyze files and directories (recursively, honouring .gitignore)
  analyze --diff BASE [PATH...]  review the working tree's change against git revision BASE
                                 (staged and unstaged; PATHs are git pathspecs)
      --include-untracked           with --diff: untracked files count as added
      --format json|text|sarif   output format (default json)
      --engine auto|native|claude   engine choice (default auto: the rollout flags decide)
      --profile default|strict      quality gate profile (default: pmat's thresholds)
      --fail-on-violation           exit 1 when the quality gate fails
      --plugin-dir DIR              plugins directory (default: $PMAT_PLUGIN_PATH, install dir, build tree)
      --jobs N                      parallel files (default: one per core)
      --quiet                       no progress lines on stderr
      --min-confidence X            drop Claude findings below confidence X (0..1, default 0.6)
      --fail-on-claude SEVERITY     Claude findings at/above info|warning|error|critical fail
                                    the gate (default: never)
      --emit-patch FILE             write every kept Claude fix to FILE as one git patch
      --check-args                  check the arguments and exit 0 (2 when they are wrong)
      --model NAME                  Claude's model (default: the plugin's claude.model)
      --claude-timeout SECONDS      Claude's deadline per file, decimals allowed (default 60)
      --max-output-tokens N         Claude's output budget per file (default 4096)
      --max-cost USD                stop sending files to Claude once the run has spent USD;
                                    the rest are native, fallback_reason budget-exhausted
      --require-claude              exit 5 when any file that wanted Claude got the native result
  exit codes: 0 ok, 1 failure or gate tripped (--fail-on-violation), 2 usage error,
              4 configuration error, 5 Claude required but a file fell back (--require-claude)
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

// The Claude flags whose values need a check beyond their type before they become
// AnalyzeOptions (an unsigned option would silently wrap "-3").
struct ClaudeFlagValues {
   double timeout_seconds = 0;
   long long max_output_tokens = 0;
};

// The Claude knobs of `analyze`: model, deadline, output budget, cost cap, --require-claude.
void add_claude_options(po::options_description &options, AnalyzeArgs &args,
                        ClaudeFlagValues &values) {
   options.add_options()("model", po::value(&args.options.model))(
       "claude-timeout", po::value(&values.timeout_seconds))("max-output-tokens",
                                                             po::value(&values.max_output_tokens))(
       "max-cost", po::value(&args.options.max_cost_usd))(
       "require-claude", po::bool_switch(&args.options.require_claude));
}

void check_claude_options(const po::variables_map &vm, AnalyzeArgs &args,
                          const ClaudeFlagValues &values) {
   constexpr long long k_max_tokens = 1 << 20;
   if (vm.count("claude-timeout"))
      args.options.timeout_ms =
          pmat::app::timeout_ms_from_seconds(values.timeout_seconds, "--claude-timeout");
   if (vm.count("max-output-tokens") &&
       (values.max_output_tokens < 1 || values.max_output_tokens > k_max_tokens))
      throw std::invalid_argument("--max-output-tokens must be a whole number from 1 to 1048576");
   args.options.max_output_tokens = static_cast<unsigned>(values.max_output_tokens);
   args.options.max_cost_usd = pmat::app::checked_cost_cap(args.options.max_cost_usd, "--max-cost");
   pmat::app::configured_max_cost_usd(); // a malformed configured budget is a usage error now
}

// What to analyse: PATHs, or a change (--diff BASE, whose PATHs are optional pathspecs).
void check_inputs(const AnalyzeArgs &args, bool diff_given) {
   if (diff_given && args.diff_base.empty())
      throw po::error("--diff needs a git revision (e.g. --diff origin/main)");
   if (args.paths.empty() && !diff_given)
      throw po::error("analyze needs at least one PATH (or --diff BASE)");
   if (args.include_untracked && !diff_given)
      throw po::error("--include-untracked goes with --diff");
}

// The rules between analyze's flags that the parser cannot express.
void check_analyze_args(const AnalyzeArgs &args, bool diff_given) {
   check_inputs(args, diff_given);
   const std::string error = pmat::app::options_error(args.options);
   if (!error.empty())
      throw po::error(error);
   if (args.format != "json" && args.format != "text" && args.format != "sarif")
      throw po::error("--format must be json, text or sarif");
}

int analyze(const std::vector<std::string> &arguments) {
   AnalyzeArgs args;
   ClaudeFlagValues claude_values;
   po::options_description options;
   add_claude_options(options, args, claude_values);
   options.add_options()("format", po::value(&args.format))(
       "engine", po::value(&args.options.engine))("profile", po::value(&args.options.profile))(
       "plugin-dir", po::value(&args.plugin_dir))("jobs", po::value(&args.options.jobs))(
       "fail-on-violation", po::bool_switch(&args.fail_on_violation))(
       "quiet", po::bool_switch(&args.quiet))("paths", po::value(&args.paths))(
       "diff", po::value(&args.diff_base))("include-untracked",
                                           po::bool_switch(&args.include_untracked))(
       "emit-patch", po::value(&args.emit_patch))("min-confidence",
                                                  po::value(&args.options.min_confidence))(
       "fail-on-claude",
       po::value(&args.options.fail_on_claude))("check-args", po::bool_switch(&args.check_args));
   // Paths are split off first: a whole tree's worth of them would cost Boost's parser
   // quadratic time (command_line.hpp).
   SplitCommandLine split = split_command_line(arguments, options);
   po::variables_map vm;
   po::store(po::command_line_parser(split.options).options(options).run(), vm);
   po::notify(vm);
   args.paths.insert(args.paths.end(), std::make_move_iterator(split.positional.begin()),
                     std::make_move_iterator(split.positional.end()));
   check_claude_options(vm, args, claude_values);
   check_analyze_args(args, vm.count("diff") > 0);
   return args.check_args ? k_exit_ok : run_analyze(args);
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
