// SPDX-License-Identifier: MIT
#include "sandbox_check.hpp"

#include "endpoint.hpp"
#include "layer_report.hpp"
#include "process.hpp"
#include "settings.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace pmat::doctor {
namespace {

namespace fs = std::filesystem;

constexpr auto k_launch_timeout = std::chrono::milliseconds(5000);

// The layers the issue names, in the order a reader thinks of them; other layers get a line
// only when they are unavailable.
const char *const k_shown_layers[] = {"userns",     "mountns", "pidns",  "netns",       "egress",
                                      "filesystem", "seccomp", "cgroup", "no_new_privs"};

const std::map<std::string, std::string> &layer_fixes() {
   static const std::map<std::string, std::string> k_fixes{
       {"userns", "allow unprivileged user namespaces (sysctl user.max_user_namespaces > 0; on "
                  "Ubuntu also kernel.apparmor_restrict_unprivileged_userns=0); in a container, "
                  "run it with a seccomp profile that allows clone(CLONE_NEWUSER)"},
       {"egress", "make the endpoint resolvable and reachable from this host (DNS, proxy), or set "
                  "ANTHROPIC_BASE_URL to one that is"},
       {"seccomp", "use a kernel with CONFIG_SECCOMP_FILTER; a container runtime must allow the "
                   "seccomp(2) call"},
       {"cgroup",
        "delegate the memory and pids controllers to the service (systemd: Delegate=yes), "
        "set claude.sandbox_cgroup (PMAT_CLAUDE_SANDBOX_CGROUP) to a writable cgroup v2 "
        "directory, or to off to run without it"},
       {"no_new_privs", "prctl(PR_SET_NO_NEW_PRIVS) needs Linux 3.5 or later"},
   };
   return k_fixes;
}

std::string fix_for(const std::string &layer) {
   const auto found = layer_fixes().find(layer);
   if (found != layer_fixes().end())
      return found->second;
   return "the namespaces need unprivileged user namespaces or CAP_SYS_ADMIN (see the userns "
          "fix); docs/security.md lists what each layer needs";
}

// What the plugin's configuration does with an unavailable layer.
struct Policy {
   bool degraded_ok = is_true(config_value("claude.sandbox_degraded_ok"));
   std::string require = config_value("claude.sandbox_require").value_or("");

   bool refuses_without(const std::string &layer) const {
      if (!degraded_ok)
         return true;
      std::istringstream list(require);
      for (std::string name; std::getline(list, name, ',');)
         if (name == layer)
            return true;
      return false;
   }
};

std::string launcher_path() {
   if (auto configured = config_value("claude.sandbox_launcher"))
      return *configured;
   std::error_code ec;
   return fs::exists(PMAT_DOCTOR_INSTALL_SANDBOX_LAUNCHER, ec)
              ? PMAT_DOCTOR_INSTALL_SANDBOX_LAUNCHER
              : PMAT_DOCTOR_BUILD_SANDBOX_LAUNCHER;
}

// The options this launcher build understands, read from its usage text: the command line is
// the only interface the host relies on.
struct LauncherInterface {
   bool sandbox_root = false; // --sandbox-root (per-worker private dirs) instead of --sandbox-dir
   bool cgroup_auto = false;  // --cgroup-parent auto
};

LauncherInterface probe_interface(const std::string &launcher) {
   const auto help = run_process({launcher, "--help"}, k_launch_timeout);
   const std::string usage = help.out + help.err;
   return {usage.find("--sandbox-root") != std::string::npos,
           usage.find("--cgroup-parent auto") != std::string::npos};
}

// A private, empty directory for the dry run's sandbox home, removed afterwards: the dry run
// never touches the directory a running pool uses.
struct ScratchDir {
   fs::path path;
   ScratchDir() {
      std::string pattern = (fs::temp_directory_path() / "pmat-doctor-XXXXXX").string();
      if (::mkdtemp(pattern.data()))
         path = pattern;
   }
   ~ScratchDir() {
      std::error_code ec;
      if (!path.empty())
         fs::remove_all(path, ec);
   }
};

std::string cgroup_parent(const LauncherInterface &interface) {
   const auto configured = config_value("claude.sandbox_cgroup");
   if (configured)
      return *configured == "off" ? "" : *configured;
   return interface.cgroup_auto ? "auto" : "";
}

void add(std::vector<std::string> &argv, const char *option, const std::string &value) {
   argv.emplace_back(option);
   argv.push_back(value);
}

std::vector<std::string> dry_run_argv(const std::string &launcher, const BridgeSetup &bridge,
                                      const fs::path &scratch) {
   const LauncherInterface interface = probe_interface(launcher);
   std::vector<std::string> argv{launcher};
   add(argv, interface.sandbox_root ? "--sandbox-root" : "--sandbox-dir", scratch.string());
   std::vector<std::string> payload{bridge.node.value_or(""), "-e", ""};
   if (!bridge.node) {
      std::error_code ec;
      payload = {fs::canonical("/bin/true", ec).string()};
   }
   add(argv, "--ro-bind", payload.front());
   std::error_code ec;
   if (fs::is_directory(bridge.root, ec))
      add(argv, "--ro-bind", bridge.root);
   const auto endpoint = parse_endpoint(configured_base_url());
   add(argv, "--network", "egress");
   add(argv, "--egress", endpoint ? egress_of(*endpoint) : "api.anthropic.com:443");
   if (const std::string parent = cgroup_parent(interface); !parent.empty())
      add(argv, "--cgroup-parent", parent);
   argv.insert(argv.end(), {"--degraded-ok", "--report-fd", "3", "--"});
   argv.insert(argv.end(), payload.begin(), payload.end());
   return argv;
}

std::string last_line(const std::string &text) {
   std::string trimmed = text;
   while (!trimmed.empty() && trimmed.back() == '\n')
      trimmed.pop_back();
   return trimmed.substr(trimmed.rfind('\n') + 1);
}

std::string payload_name(const std::vector<std::string> &argv) {
   const auto dashes = std::find(argv.begin(), argv.end(), "--");
   return dashes + 1 < argv.end() ? fs::path(*(dashes + 1)).filename().string() : "payload";
}

Check dry_run_verdict(const ProcessResult &run, const std::optional<LayerReport> &report,
                      const std::string &payload) {
   const std::string id = "sandbox.dry_run";
   const std::string fix = "run the launcher's command line from the JSON output by hand to see "
                           "its messages; docs/security.md explains each layer";
   if (run.timed_out)
      return fail(id, "the launcher did not finish in time", "killed after 5 s", fix,
                  Scope::Claude);
   if (!report)
      return fail(id, "the launcher wrote no layer report",
                  run.error.empty() ? last_line(run.err) : run.error, fix, Scope::Claude);
   if (!report->ok)
      return fail(id, "the launcher refused to start " + payload, last_line(run.err), fix,
                  Scope::Claude);
   if (run.exit_code != 0)
      return fail(
          id, payload + " failed inside the sandbox (exit " + std::to_string(run.exit_code) + ")",
          last_line(run.err), fix, Scope::Claude);
   std::string names;
   for (const auto &entry : report->unavailable)
      names += (names.empty() ? " (" : ", ") + entry.first;
   return ok(id,
             payload + " ran inside the sandbox: " + std::to_string(report->active.size()) +
                 " layers active, " + std::to_string(report->unavailable.size()) + " unavailable" +
                 (names.empty() ? "" : names + ")"),
             Scope::Claude);
}

Check unavailable_layer(const std::string &id, const std::string &layer, const std::string &why,
                        const Policy &policy) {
   const std::string summary = layer + " unavailable";
   if (policy.refuses_without(layer))
      return fail(id, summary,
                  why + "; the launcher refuses to start workers without it" +
                      (policy.degraded_ok ? " (claude.sandbox_require)" : ""),
                  fix_for(layer), Scope::Claude);
   return warn(id, summary, why + "; workers run without it (claude.sandbox_degraded_ok)",
               fix_for(layer), Scope::Claude);
}

Check layer_check(const LayerReport &report, const std::string &layer, const Policy &policy) {
   const std::string id = "sandbox." + layer;
   if (report.active.count(layer))
      return ok(id, layer + " active", Scope::Claude);
   if (const auto found = report.unavailable.find(layer); found != report.unavailable.end())
      return unavailable_layer(id, layer, found->second, policy);
   if (report.skipped.count(layer) && layer == "cgroup")
      return warn(id, "cgroup not used", "the workers run with no memory or pids cap of their own",
                  fix_for(layer), Scope::Claude);
   if (report.skipped.count(layer))
      return ok(id, layer + " not used here", Scope::Claude);
   return warn(id, layer + " not reported", "this launcher build does not know the layer",
               "install a pmat-sandbox-exec from the same release as the plugin", Scope::Claude);
}

void layer_checks(const LayerReport &report, Checks &out) {
   const Policy policy;
   std::set<std::string> shown(std::begin(k_shown_layers), std::end(k_shown_layers));
   for (const char *layer : k_shown_layers)
      out.push_back(layer_check(report, layer, policy));
   for (const auto &[layer, why] : report.unavailable)
      if (!shown.count(layer))
         out.push_back(layer_check(report, layer, policy));
}

void dry_run(const std::string &launcher, const BridgeSetup &bridge, Checks &out) {
   const ScratchDir scratch;
   if (scratch.path.empty()) {
      out.push_back(fail("sandbox.dry_run", "cannot create a scratch directory",
                         fs::temp_directory_path().string() + " is not writable",
                         "set TMPDIR to a writable directory", Scope::Claude));
      return;
   }
   const auto argv = dry_run_argv(launcher, bridge, scratch.path);
   const auto run = run_process(argv, k_launch_timeout, true);
   const auto report = find_layer_report(run.report);
   Check check = dry_run_verdict(run, report, payload_name(argv));
   boost::json::array command(argv.begin(), argv.end());
   check.data = {{"command", std::move(command)}, {"exit_code", run.exit_code}};
   if (report)
      check.data["report"] = report->raw;
   out.push_back(std::move(check));
   if (report)
      layer_checks(*report, out);
}

// The cgroup v2 directory this process lives in, from /proc/self/cgroup's "0::" line.
fs::path own_cgroup_v2() {
   std::ifstream in("/proc/self/cgroup");
   for (std::string line; std::getline(in, line);)
      if (line.starts_with("0::")) {
         const fs::path unified =
             fs::exists("/sys/fs/cgroup/unified") ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup";
         const fs::path relative = fs::path(line.substr(3)).relative_path();
         return relative.empty() ? unified : unified / relative;
      }
   return {};
}

Check cgroup_v2_check() {
   const std::string id = "sandbox.cgroup_v2";
   const fs::path dir = own_cgroup_v2();
   std::ifstream in(dir / "cgroup.controllers");
   std::string controllers;
   std::getline(in, controllers);
   const bool memory = (" " + controllers + " ").find(" memory ") != std::string::npos;
   const bool pids = (" " + controllers + " ").find(" pids ") != std::string::npos;
   if (dir.empty() || !in)
      return warn(id, "no cgroup v2 hierarchy", "the sandbox's cgroup layer needs one (or v1)",
                  fix_for("cgroup"), Scope::Claude);
   if (!memory || !pids)
      return warn(id, dir.string() + " offers \"" + controllers + "\"",
                  "the memory and pids controllers are not delegated here", fix_for("cgroup"),
                  Scope::Claude);
   if (::access(dir.c_str(), W_OK) != 0)
      return warn(id, dir.string() + " is not writable",
                  "the launcher cannot create a cgroup per worker under it", fix_for("cgroup"),
                  Scope::Claude);
   return ok(id, "memory and pids delegated at " + dir.string(), Scope::Claude);
}

} // namespace

void check_sandbox(const BridgeSetup &bridge, Checks &out) {
   if (is_false(config_value("claude.enable_sandbox"))) {
      out.push_back(warn("sandbox.enabled", "the sandbox is off (claude.enable_sandbox=false)",
                         "Claude's workers run unsandboxed with this user's rights",
                         "unset PMAT_CLAUDE_ENABLE_SANDBOX", Scope::Claude));
      return;
   }
   const std::string launcher = launcher_path();
   if (::access(launcher.c_str(), X_OK) != 0) {
      out.push_back(fail("sandbox.launcher", "no launcher at " + launcher,
                         "the plugin refuses to start Claude's workers without it",
                         "install pmat-claude-plugin (it ships pmat-sandbox-exec), build the "
                         "pmat-sandbox-exec target, or set PMAT_CLAUDE_SANDBOX_LAUNCHER",
                         Scope::Claude));
   } else {
      out.push_back(ok("sandbox.launcher", launcher, Scope::Claude));
      dry_run(launcher, bridge, out);
   }
   out.push_back(cgroup_v2_check());
}

} // namespace pmat::doctor
