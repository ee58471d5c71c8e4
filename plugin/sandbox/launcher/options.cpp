// SPDX-License-Identifier: MIT
// Parses pmat-sandbox-exec's options into a SandboxConfig. Table-driven so each option is one line.
#include "options.hpp"

#include <charconv>
#include <functional>
#include <map>

namespace pmat::sandbox::launcher {
namespace {

using Setter = std::function<bool(Options &, const std::string &)>;

bool to_number(const std::string &text, std::uint64_t &out) {
   const char *end = text.data() + text.size();
   auto [ptr, error] = std::from_chars(text.data(), end, out);
   return error == std::errc{} && ptr == end;
}

Setter number(std::uint64_t SandboxConfig::*field) {
   return [field](Options &o, const std::string &v) { return to_number(v, o.config.*field); };
}

Setter text(std::string SandboxConfig::*field) {
   return [field](Options &o, const std::string &v) {
      o.config.*field = v;
      return !v.empty();
   };
}

Setter append(std::vector<std::string> SandboxConfig::*field) {
   return [field](Options &o, const std::string &v) {
      (o.config.*field).push_back(v);
      return !v.empty();
   };
}

bool set_network(Options &o, const std::string &v) {
   static const std::map<std::string, Network> k_kinds{
       {"none", Network::None}, {"egress", Network::Egress}, {"host", Network::Host}};
   auto found = k_kinds.find(v);
   if (found == k_kinds.end())
      return false;
   o.config.network = found->second;
   return true;
}

bool set_require(Options &o, const std::string &v) {
   std::size_t start = 0;
   while (start <= v.size()) {
      std::size_t comma = std::min(v.find(',', start), v.size());
      auto layer = layer_from_name(std::string_view(v).substr(start, comma - start));
      if (!layer)
         return false;
      o.config.require.push_back(*layer);
      start = comma + 1;
   }
   return true;
}

bool set_report_fd(Options &o, const std::string &v) {
   std::uint64_t fd = 0;
   if (!to_number(v, fd) || fd > 1023)
      return false;
   o.report_fd = static_cast<int>(fd);
   return true;
}

const std::map<std::string, Setter> &valued() {
   static const std::map<std::string, Setter> k_table{
       {"--sandbox-root", text(&SandboxConfig::sandbox_root)},
       {"--home-size", number(&SandboxConfig::home_mib)},
       {"--ro-bind", append(&SandboxConfig::ro_binds)},
       {"--network", set_network},
       {"--egress", text(&SandboxConfig::egress_endpoint)},
       {"--rlimit-data", number(&SandboxConfig::data_mib)},
       {"--max-old-space", number(&SandboxConfig::max_old_space_mib)},
       {"--rlimit-nofile", number(&SandboxConfig::nofile)},
       {"--rlimit-nproc", number(&SandboxConfig::nproc)},
       {"--rlimit-cpu", number(&SandboxConfig::cpu_seconds)},
       {"--rlimit-fsize", number(&SandboxConfig::fsize_mib)},
       {"--cgroup-parent", text(&SandboxConfig::cgroup_parent)},
       {"--cgroup-memory", number(&SandboxConfig::cgroup_memory_mib)},
       {"--cgroup-pids", number(&SandboxConfig::cgroup_pids)},
       {"--cgroup-cpu-weight", number(&SandboxConfig::cgroup_cpu_weight)},
       {"--seccomp-policy", text(&SandboxConfig::seccomp_policy_dir)},
       {"--keep-env", append(&SandboxConfig::keep_env)},
       {"--setenv", append(&SandboxConfig::set_env)},
       {"--require", set_require},
       {"--report-fd", set_report_fd},
   };
   return k_table;
}

const std::map<std::string, bool SandboxConfig::*> &flags() {
   static const std::map<std::string, bool SandboxConfig::*> k_table{
       {"--no-userns", &SandboxConfig::user_ns}, {"--no-mountns", &SandboxConfig::mount_ns},
       {"--no-pidns", &SandboxConfig::pid_ns},   {"--no-ipcns", &SandboxConfig::ipc_ns},
       {"--no-utsns", &SandboxConfig::uts_ns},   {"--no-seccomp", &SandboxConfig::seccomp},
   };
   return k_table;
}

// Applies args[i] (and its value); returns an error message or "".
std::string apply(Options &options, const std::vector<std::string> &args, std::size_t &i) {
   const std::string &name = args[i];
   if (name == "--degraded-ok") {
      options.config.degraded_ok = true;
      return "";
   }
   if (auto flag = flags().find(name); flag != flags().end()) {
      options.config.*(flag->second) = false;
      return "";
   }
   auto setter = valued().find(name);
   if (setter == valued().end())
      return "unknown option " + name;
   if (i + 1 >= args.size())
      return name + " needs a value";
   ++i;
   return setter->second(options, args[i]) ? "" : "bad value for " + name + ": " + args[i];
}

std::string check_limits(const SandboxConfig &config) {
   if (config.home_mib == 0)
      return "--home-size must be at least 1 MiB";
   if (config.cgroup_memory_mib == 0 || config.cgroup_pids == 0)
      return "--cgroup-memory and --cgroup-pids must be at least 1";
   if (config.cgroup_cpu_weight == 0 || config.cgroup_cpu_weight > 10000)
      return "--cgroup-cpu-weight must be 1..10000";
   if (config.nofile < 256)
      return "--rlimit-nofile must be >= 256 (Node crashes below)";
   return "";
}

std::string check(const Options &options) {
   const SandboxConfig &config = options.config;
   if (options.payload.empty())
      return "no program after --";
   if (config.sandbox_root.empty() || config.sandbox_root.front() != '/')
      return "--sandbox-root must be an absolute path";
   if (config.network == Network::Egress && config.egress_endpoint.empty())
      return "--network egress needs --egress HOST:PORT";
   return check_limits(config);
}

} // namespace

ParseResult parse_options(const std::vector<std::string> &args) {
   Options options;
   std::size_t i = 0;
   for (; i < args.size() && args[i] != "--"; ++i) {
      std::string error = apply(options, args, i);
      if (!error.empty())
         return {std::nullopt, error};
   }
   if (i < args.size())
      options.payload.assign(args.begin() + static_cast<long>(i) + 1, args.end());
   std::string error = check(options);
   if (!error.empty())
      return {std::nullopt, error};
   return {std::move(options), ""};
}

const char *usage() {
   return "usage: pmat-sandbox-exec --sandbox-root DIR [options] -- PROGRAM [ARGS...]\n"
          "  --home-size MIB           size of the private tmpfs home (default 256)\n"
          "  --ro-bind PATH            host path visible read-only at the same path (repeat)\n"
          "  --no-userns|--no-mountns|--no-pidns|--no-ipcns|--no-utsns\n"
          "  --network none|egress|host  (default none)   --egress HOST:PORT\n"
          "  --rlimit-data MIB --max-old-space MIB --rlimit-nofile N --rlimit-nproc N\n"
          "  --rlimit-cpu SEC --rlimit-fsize MIB\n"
          "  --cgroup-parent auto|DIR [--cgroup-memory MIB (2048)] [--cgroup-pids N (512)]\n"
          "  [--cgroup-cpu-weight W (100)]\n"
          "  --no-seccomp  --seccomp-policy DIR (allow.txt, kill.txt, errno.txt)\n"
          "  --keep-env NAME  --setenv NAME=VALUE\n"
          "  --require LAYER,...  --degraded-ok  --report-fd N\n"
          "exit: 64 usage, 70 a required layer failed (payload not started), 127 exec failed,\n"
          "otherwise the payload's own status (a signal death is reproduced).\n";
}

} // namespace pmat::sandbox::launcher
