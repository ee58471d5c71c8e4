#include "sandbox_setup.hpp"

#include <pmat/sandbox/command_line.hpp>
#include <pmat/sandbox/interpreter_files.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
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

// Root: the system runtime directory. Otherwise the user's runtime directory (0700, on a tmpfs,
// removed at logout), and without one a per-uid directory in the temp directory, which the
// launcher refuses if anyone else created it first.
std::string default_sandbox_root() {
   if (::geteuid() == 0)
      return "/run/pmat-sandbox";
   if (const char *runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime == '/')
      return (fs::path(runtime) / "pmat-sandbox").string();
   return (fs::temp_directory_path() / ("pmat-sandbox-" + std::to_string(::geteuid()))).string();
}

// The layers a worker may never run without, even with claude.sandbox_degraded_ok.
constexpr const char *k_default_require = "userns,mountns,pidns,netns,egress,filesystem,seccomp";

std::optional<std::vector<pmat::sandbox::Layer>> layers_of(const std::string &list) {
   std::vector<pmat::sandbox::Layer> layers;
   std::istringstream in(list);
   for (std::string name; std::getline(in, name, ',');) {
      const auto layer = pmat::sandbox::layer_from_name(name);
      if (!layer)
         return std::nullopt;
      layers.push_back(*layer);
   }
   return layers;
}

std::optional<std::uint64_t> number_of(const std::string &text) {
   std::uint64_t value = 0;
   const char *end = text.data() + text.size();
   auto [ptr, error] = std::from_chars(text.data(), end, value);
   return error == std::errc{} && ptr == end && value > 0 ? std::optional(value) : std::nullopt;
}

pmat::bridge::Status refuse(const std::string &why) {
   return {PMAT_STATUS_WORKER_CRASHED,
           "cannot sandbox the bridge workers: " + why +
               " (claude.enable_sandbox=false runs them unsandboxed; not recommended)",
           pmat::bridge::Failure::bridge_error};
}

// claude.sandbox_cgroup: "auto" (default), "off" (the operator's explicit opt-out), or a
// delegated cgroup v2 directory; plus the limits. "" or what is wrong.
std::string apply_cgroup(pmat::sandbox::SandboxConfig &sandbox, const ConfigLookup &host_config) {
   const std::string parent =
       setting(host_config, "claude.sandbox_cgroup", "PMAT_CLAUDE_SANDBOX_CGROUP").value_or("auto");
   if (parent == "off")
      return "";
   if (parent != "auto" && parent.front() != '/')
      return "claude.sandbox_cgroup must be auto, off or an absolute path: " + parent;
   sandbox.cgroup_parent = parent;
   sandbox.require.push_back(pmat::sandbox::Layer::Cgroup);
   const std::pair<const char *, std::uint64_t pmat::sandbox::SandboxConfig::*> limits[] = {
       {"memory_mib", &pmat::sandbox::SandboxConfig::cgroup_memory_mib},
       {"pids", &pmat::sandbox::SandboxConfig::cgroup_pids},
       {"cpu_weight", &pmat::sandbox::SandboxConfig::cgroup_cpu_weight}};
   for (const auto &[name, field] : limits) {
      const std::string key = std::string("claude.sandbox_") + name;
      std::string env = "PMAT_CLAUDE_SANDBOX_" + std::string(name);
      std::transform(env.begin(), env.end(), env.begin(), ::toupper);
      const auto text = setting(host_config, key.c_str(), env.c_str());
      const auto value = text ? number_of(*text) : std::optional(sandbox.*field);
      if (!value)
         return key + " must be a positive number: " + *text;
      sandbox.*field = *value;
   }
   return "";
}

std::string apply_require(pmat::sandbox::SandboxConfig &sandbox, const ConfigLookup &host_config) {
   const std::string list =
       setting(host_config, "claude.sandbox_require", "PMAT_CLAUDE_SANDBOX_REQUIRE")
           .value_or(k_default_require);
   const auto layers = layers_of(list);
   if (!layers)
      return "claude.sandbox_require names an unknown layer: " + list;
   sandbox.require.insert(sandbox.require.end(), layers->begin(), layers->end());
   return "";
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
   sandbox.sandbox_root = setting(host_config, "claude.sandbox_root", "PMAT_CLAUDE_SANDBOX_ROOT")
                              .value_or(default_sandbox_root());
   sandbox.network = pmat::sandbox::Network::Egress;
   sandbox.egress_endpoint = endpoint();
   sandbox.keep_env.assign(std::begin(k_bridge_variables), std::end(k_bridge_variables));
   const auto degraded =
       setting(host_config, "claude.sandbox_degraded_ok", "PMAT_CLAUDE_SANDBOX_DEGRADED_OK");
   sandbox.degraded_ok = degraded && (*degraded == "true" || *degraded == "1");
   std::string error = apply_require(sandbox, host_config);
   if (error.empty())
      error = apply_cgroup(sandbox, host_config);
   if (!error.empty())
      return refuse(error);
   sandbox.report_fd = 3; // the pool's report pipe (PoolConfig::launcher_report)
   config.launcher = pmat::sandbox::build_command_line(sandbox, {});
   config.launcher_report = true;
   return pmat::bridge::Status::success();
}

} // namespace pmat::plugin::claude
