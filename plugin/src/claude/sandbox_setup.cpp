#include "sandbox_setup.hpp"

#include <pmat/sandbox/command_line.hpp>
#include <pmat/sandbox/interpreter_files.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace pmat::plugin::claude {
namespace {

namespace fs = std::filesystem;

// Variables the bridge reads besides the launcher's built-in allow-list.
constexpr const char *k_bridge_variables[] = {"PMAT_CLAUDE_ENGINE", "PMAT_CLAUDE_MODEL",
                                              "PMAT_CLAUDE_MAX_RETRIES",
                                              "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"};

std::optional<std::string> setting(const ConfigLookup &host_config, const char *name,
                                   const char *env) {
   if (const char *value = std::getenv(env); value && *value)
      return std::string(value);
   return host_config(name);
}

std::string launcher_path(const ConfigLookup &host_config) {
   if (auto configured =
           setting(host_config, "claude.sandbox_launcher", "PMAT_CLAUDE_SANDBOX_LAUNCHER"))
      return *configured;
   std::error_code ec;
   return fs::exists(PMAT_INSTALL_SANDBOX_LAUNCHER, ec) ? PMAT_INSTALL_SANDBOX_LAUNCHER
                                                        : PMAT_BUILD_SANDBOX_LAUNCHER;
}

// `program` as the absolute, symlink-free path the sandbox's read-only view must contain.
std::optional<fs::path> resolve_program(const std::string &program) {
   std::error_code ec;
   if (program.find('/') != std::string::npos)
      return fs::canonical(program, ec);
   std::istringstream path(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin");
   for (std::string dir; std::getline(path, dir, ':');) {
      const fs::path candidate = fs::path(dir) / program;
      if (::access(candidate.c_str(), X_OK) == 0)
         return fs::canonical(candidate, ec);
   }
   return std::nullopt;
}

// The bridge's folder (its dist/ and node_modules/), which the workers read.
fs::path bridge_root(const std::string &entry) {
   std::error_code ec;
   const fs::path script = fs::weakly_canonical(entry, ec);
   const fs::path dir = script.parent_path();
   return dir.filename() == "dist" ? dir.parent_path() : dir;
}

std::string endpoint() {
   const char *base = std::getenv("ANTHROPIC_BASE_URL");
   const auto parsed = base && *base ? pmat::sandbox::endpoint_of_base_url(base) : std::nullopt;
   return parsed.value_or("api.anthropic.com:443");
}

std::string default_sandbox_dir() {
   return (fs::temp_directory_path() / ("pmat-sandbox-" + std::to_string(::getuid()))).string();
}

pmat::bridge::Status refuse(const std::string &why) {
   return {2002, "cannot sandbox the bridge workers: " + why +
                     " (claude.enable_sandbox=false runs them unsandboxed; not recommended)"};
}

} // namespace

pmat::bridge::Status apply_sandbox(pmat::bridge::PoolConfig &config,
                                   const ConfigLookup &host_config) {
   if (!config.enable_sandbox)
      return pmat::bridge::Status::success();
   pmat::sandbox::SandboxConfig sandbox;
   sandbox.launcher = launcher_path(host_config);
   if (::access(sandbox.launcher.c_str(), X_OK) != 0)
      return refuse("no launcher at " + sandbox.launcher);
   const auto node = resolve_program(config.node);
   if (!node)
      return refuse("cannot find " + config.node + " in PATH");
   config.node = node->string();
   // What this interpreter loads besides its binary (Debian's node: libnode, /usr/share/nodejs).
   auto needs = pmat::sandbox::interpreter_files(config.node);
   if (!needs.error.empty())
      return refuse("cannot ask the interpreter what it loads: " + needs.error);
   sandbox.ro_binds = {node->string(), bridge_root(config.bridge_path).string()};
   sandbox.ro_binds.insert(sandbox.ro_binds.end(), needs.files.begin(), needs.files.end());
   sandbox.sandbox_dir = setting(host_config, "claude.sandbox_dir", "PMAT_CLAUDE_SANDBOX_DIR")
                             .value_or(default_sandbox_dir());
   sandbox.network = pmat::sandbox::Network::Egress;
   sandbox.egress_endpoint = endpoint();
   sandbox.keep_env.assign(std::begin(k_bridge_variables), std::end(k_bridge_variables));
   const auto degraded =
       setting(host_config, "claude.sandbox_degraded_ok", "PMAT_CLAUDE_SANDBOX_DEGRADED_OK");
   sandbox.degraded_ok = degraded && (*degraded == "true" || *degraded == "1");
   config.launcher = pmat::sandbox::build_command_line(sandbox, {});
   return pmat::bridge::Status::success();
}

} // namespace pmat::plugin::claude
