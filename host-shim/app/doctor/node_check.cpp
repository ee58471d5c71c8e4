#include "node_check.hpp"

#include "process.hpp"
#include "semver.hpp"
#include "settings.hpp"

#include <boost/json/parse.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace pmat::doctor {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr auto k_version_timeout = std::chrono::milliseconds(1500);
const char *const k_build_fix = "build the bridge (cmake builds it as bridge_build; by hand: cd "
                                "bridge && npm ci && npm run build), or install pmat-claude-bridge";

std::optional<std::string> resolve_program(const std::string &program) {
   std::error_code ec;
   if (program.find('/') != std::string::npos) {
      const auto path = fs::canonical(program, ec);
      return ec || ::access(path.c_str(), X_OK) != 0 ? std::nullopt : std::optional(path.string());
   }
   std::istringstream path(env_value("PATH").value_or("/usr/bin:/bin"));
   for (std::string dir; std::getline(path, dir, ':');) {
      const fs::path candidate = fs::path(dir) / program;
      if (::access(candidate.c_str(), X_OK) == 0)
         return fs::canonical(candidate, ec).string();
   }
   return std::nullopt;
}

std::optional<json::object> read_json_object(const fs::path &file) {
   std::ifstream in(file);
   if (!in)
      return std::nullopt;
   const std::string text((std::istreambuf_iterator<char>(in)), {});
   boost::system::error_code ec;
   auto value = json::parse(text, ec);
   if (ec || !value.is_object())
      return std::nullopt;
   return std::move(value.as_object());
}

std::string string_at(const json::object &object, const char *a, const char *b = nullptr) {
   const auto *value = object.if_contains(a);
   if (b && value && value->is_object())
      value = value->as_object().if_contains(b);
   return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

Check binary_check(const BridgeSetup &setup) {
   if (setup.node)
      return ok("node.binary", *setup.node, Scope::Claude);
   const bool configured = setup.node_program != "node";
   return fail("node.binary", "no " + setup.node_program + (configured ? "" : " in PATH"),
               "the plugin cannot start its Claude workers without Node",
               configured ? "point PMAT_CLAUDE_NODE (claude.node) at an executable node"
                          : "install Node (Debian: apt install nodejs), or set "
                            "PMAT_CLAUDE_NODE to its path",
               Scope::Claude);
}

Check version_verdict(const std::string &text, const std::string &range) {
   const auto version = parse_version(text);
   const auto verdict = version ? satisfies(*version, range) : std::nullopt;
   if (!verdict)
      return warn("node.version", "node " + text,
                  "cannot compare it with the bridge's engines.node \"" + range + "\"",
                  "check by hand that node " + text + " satisfies " + range, Scope::Claude);
   if (!*verdict)
      return fail("node.version",
                  "node " + text + " does not satisfy the bridge's \"" + range + "\"",
                  "the bridge is built and tested for node " + range,
                  "install a node that satisfies " + range +
                      " and point PMAT_CLAUDE_NODE at it if it is not the first node in PATH",
                  Scope::Claude);
   return ok("node.version", "node " + text + " satisfies the bridge's \"" + range + "\"",
             Scope::Claude);
}

Check version_check(const BridgeSetup &setup) {
   const auto package = read_json_object(fs::path(setup.root) / "package.json");
   const std::string range = package ? string_at(*package, "engines", "node") : "";
   const auto run = run_process({*setup.node, "--version"}, k_version_timeout);
   std::string text = run.out.substr(0, run.out.find('\n'));
   if (run.exit_code != 0 || text.empty())
      return fail("node.version", *setup.node + " --version failed",
                  run.error.empty() ? run.err : run.error,
                  "reinstall Node, or point PMAT_CLAUDE_NODE at a working node", Scope::Claude);
   if (range.empty())
      return warn("node.version", "node " + text,
                  "no engines.node in " + setup.root + "/package.json", k_build_fix, Scope::Claude);
   Check check = version_verdict(text, range);
   check.data = {{"version", text}, {"engines_node", range}};
   return check;
}

Check entry_check(const BridgeSetup &setup) {
   std::error_code ec;
   Check check =
       fs::is_regular_file(setup.entry, ec)
           ? ok("bridge.entry", setup.entry + " (" + setup.entry_source + ")", Scope::Claude)
           : fail("bridge.entry", "no bridge at " + setup.entry + " (" + setup.entry_source + ")",
                  "the plugin's workers run this script", k_build_fix, Scope::Claude);
   check.data = {{"entry", setup.entry}, {"source", setup.entry_source}};
   return check;
}

// The bridge engine (PMAT_CLAUDE_ENGINE) decides which SDK a worker loads.
bool engine_needs(const std::string &package) {
   const bool agent = env_value("PMAT_CLAUDE_ENGINE").value_or("") == "agent-sdk";
   return agent == (package == "@anthropic-ai/claude-agent-sdk");
}

Check sdk_verdict(const std::string &id, const std::string &package, const std::string &version,
                  const std::string &pinned, const std::string &fix) {
   if (version.empty() && engine_needs(package))
      return fail(id, package + " is not installed", "the bridge's engine loads it", fix,
                  Scope::Claude);
   if (version.empty())
      return warn(id, package + " is not installed",
                  "only the other bridge engine (PMAT_CLAUDE_ENGINE) loads it", fix, Scope::Claude);
   if (!pinned.empty() && pinned != version)
      return warn(id, package + " " + version, "package.json pins " + pinned, fix, Scope::Claude);
   return ok(id, package + " " + version, Scope::Claude);
}

Check sdk_check(const BridgeSetup &setup, const json::object *bridge, const std::string &package) {
   const std::string id = "bridge.sdk." + package.substr(package.find('/') + 1);
   const std::string pinned = bridge ? string_at(*bridge, "dependencies", package.c_str()) : "";
   const auto installed =
       read_json_object(fs::path(setup.root) / "node_modules" / package / "package.json");
   const std::string version = installed ? string_at(*installed, "version") : "";
   Check check = sdk_verdict(id, package, version, pinned, "cd " + setup.root + " && npm ci");
   check.data = {{"package", package}, {"version", version}, {"pinned", pinned}};
   return check;
}

std::pair<std::string, std::string> bridge_entry() {
   if (auto path = env_value("PMAT_CLAUDE_BRIDGE_PATH"))
      return {*path, "PMAT_CLAUDE_BRIDGE_PATH (claude.bridge_path)"};
   if (auto path = env_value("PMAT_CLAUDE_BRIDGE"))
      return {*path, "PMAT_CLAUDE_BRIDGE"};
   std::error_code ec;
   if (fs::exists(PMAT_DOCTOR_INSTALL_BRIDGE_ENTRY, ec))
      return {PMAT_DOCTOR_INSTALL_BRIDGE_ENTRY, "install location"};
   return {PMAT_DOCTOR_BUILD_BRIDGE_ENTRY, "build tree"};
}

} // namespace

BridgeSetup find_bridge() {
   BridgeSetup setup;
   setup.node_program = config_value("claude.node").value_or("node");
   setup.node = resolve_program(setup.node_program);
   std::tie(setup.entry, setup.entry_source) = bridge_entry();
   std::error_code ec;
   const fs::path dir = fs::weakly_canonical(setup.entry, ec).parent_path();
   setup.root = (dir.filename() == "dist" ? dir.parent_path() : dir).string();
   return setup;
}

void check_node(const BridgeSetup &setup, Checks &out) {
   out.push_back(binary_check(setup));
   if (setup.node)
      out.push_back(version_check(setup));
   out.push_back(entry_check(setup));
   const auto bridge = read_json_object(fs::path(setup.root) / "package.json");
   for (const char *package : {"@anthropic-ai/sdk", "@anthropic-ai/claude-agent-sdk"})
      out.push_back(sdk_check(setup, bridge ? &*bridge : nullptr, package));
}

} // namespace pmat::doctor
