// SPDX-License-Identifier: MIT
#include "options.hpp"

#include <boost/program_options.hpp>

#include <ostream>

namespace pmat::conformance {
namespace po = boost::program_options;

namespace {

po::options_description visible_options(Options &o, std::vector<std::string> &config) {
   po::options_description d("Usage: pmat-plugin-conformance PLUGIN.so [options]");
   d.add_options()("help,h", "show this help")("json", po::value(&o.json_path),
                                               "write a JSON report to FILE")(
       "junit", po::value(&o.junit_path), "write a JUnit XML report to FILE")(
       "filter", po::value(&o.filter), "run only tests whose id matches this ECMAScript regex")(
       "seed", po::value(&o.seed)->default_value(k_default_seed),
       "seed for generated inputs")("level", po::value(&o.level)->default_value(k_default_level),
                                    "1 loading only ... 5 heaviest (3 is the default)")(
       "timeout", po::value(&o.timeout_seconds)->default_value(k_default_timeout_seconds),
       "seconds before a test process counts as hung")(
       "config", po::value(&config)->composing(),
       "KEY=VALUE answered by the suite host's config_get (repeatable)")(
       "allow-library", po::value(&o.allow_libraries)->composing(),
       "extra regex of allowed DT_NEEDED libraries (repeatable)")(
       "list", po::bool_switch(&o.list), "list the selected tests and exit")(
       "verbose,v", po::bool_switch(&o.verbose), "show notes of passing tests too");
   return d;
}

po::options_description hidden_options(Options &o) {
   po::options_description d;
   d.add_options()("plugin", po::value(&o.plugin))("run-one", po::value(&o.run_one))(
       "result-fd", po::value(&o.result_fd));
   return d;
}

bool split_config(const std::vector<std::string> &raw, Options &o, std::ostream &out) {
   for (const auto &item : raw) {
      const auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0) {
         out << "--config expects KEY=VALUE, got '" << item << "'\n";
         return false;
      }
      o.config.emplace_back(item.substr(0, eq), item.substr(eq + 1));
   }
   return true;
}

bool validate(const Options &o, std::ostream &out) {
   if (o.plugin.empty()) {
      out << "missing PLUGIN.so (see --help)\n";
      return false;
   }
   if (o.level < 1 || o.level > k_max_level) {
      out << "--level must be between 1 and " << k_max_level << "\n";
      return false;
   }
   if (o.timeout_seconds <= 0) {
      out << "--timeout must be positive\n";
      return false;
   }
   return true;
}

} // namespace

std::optional<Options> parse_options(int argc, char **argv, std::ostream &out, int &exit_code) {
   Options o;
   std::vector<std::string> config;
   const auto visible = visible_options(o, config);
   po::options_description all;
   all.add(visible).add(hidden_options(o));
   po::positional_options_description positional;
   positional.add("plugin", 1);
   po::variables_map vm;
   try {
      po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
      po::notify(vm);
   } catch (const po::error &e) {
      out << e.what() << "\n" << visible;
      exit_code = 2;
      return std::nullopt;
   }
   if (vm.count("help") != 0) {
      out << visible;
      exit_code = 0;
      return std::nullopt;
   }
   if (!split_config(config, o, out) || !validate(o, out)) {
      exit_code = 2;
      return std::nullopt;
   }
   return o;
}

std::vector<std::string> child_arguments(const Options &o, const std::string &test_id,
                                         int result_fd) {
   std::vector<std::string> args{"pmat-plugin-conformance",
                                 o.plugin,
                                 "--seed=" + std::to_string(o.seed),
                                 "--level=" + std::to_string(o.level),
                                 "--run-one=" + test_id,
                                 "--result-fd=" + std::to_string(result_fd)};
   for (const auto &[key, value] : o.config)
      args.push_back("--config=" + key + "=" + value);
   for (const auto &lib : o.allow_libraries)
      args.push_back("--allow-library=" + lib);
   return args;
}

} // namespace pmat::conformance
