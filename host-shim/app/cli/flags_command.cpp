// SPDX-License-Identifier: MIT
// pmat-host flags: the rollout flags, kill switch and auto-rollback latch, edited through the
// plugin's pmat.control/1 interface, so the flags file is locked, validated and renamed into
// place (running servers see it within 250 ms), or the fleet's Redis document is changed with an
// atomic compare-and-set and announced (subscribed servers apply it at once), exactly as a
// running server would do it.
#include "commands.hpp"
#include "control_call.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

namespace pmat::cli {
namespace {

int run_control(const std::string &plugin_dir, const boost::json::object &command) {
   std::string reply;
   const int code = control_call(plugin_dir, command, reply);
   if (code == k_exit_ok)
      std::cout << reply << "\n";
   return code;
}

boost::json::object read_flags(const std::string &file) {
   std::ifstream in(file);
   if (file != "-" && !in)
      throw std::invalid_argument("cannot read " + file);
   std::istream &source = file == "-" ? std::cin : in;
   const std::string text((std::istreambuf_iterator<char>(source)), {});
   boost::system::error_code ec;
   auto parsed = boost::json::parse(text, ec);
   if (ec || !parsed.is_object())
      throw std::invalid_argument(file + " is not a JSON object");
   return std::move(parsed.as_object());
}

constexpr const char *k_flags_usage =
    "flags takes show | kill on|off | clear-rollback | set FILE.json (- for stdin)";

boost::json::object one_word_command(const std::string &action) {
   if (action == "show")
      return {{"command", "status"}, {"refresh", true}};
   if (action == "clear-rollback")
      return {{"command", "clear_rollback"}};
   throw std::invalid_argument(k_flags_usage);
}

boost::json::object two_word_command(const std::string &action, const std::string &argument) {
   if (action == "kill" && (argument == "on" || argument == "off"))
      return {{"command", "kill_switch"}, {"engaged", argument == "on"}};
   if (action == "set")
      return {{"command", "set_flags"}, {"flags", read_flags(argument)}};
   throw std::invalid_argument(k_flags_usage);
}

boost::json::object command_for(const std::vector<std::string> &args) {
   if (args.size() == 1)
      return one_word_command(args[0]);
   if (args.size() == 2)
      return two_word_command(args[0], args[1]);
   throw std::invalid_argument(k_flags_usage);
}

} // namespace

int run_flags(const std::vector<std::string> &args, const std::string &plugin_dir,
              const std::string &source) {
   const boost::json::object command = command_for(args);
   use_flags_source(source);
   return run_control(plugin_dir, command);
}

} // namespace pmat::cli
