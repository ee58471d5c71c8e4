// SandboxConfig -> pmat-sandbox-exec argv. The inverse lives in launcher/options.cpp; the tests
// round-trip between the two.
#include <pmat/sandbox/command_line.hpp>

#include <charconv>

namespace pmat::sandbox {
namespace {

using Args = std::vector<std::string>;

void add(Args &args, const char *option, const std::string &value) {
   args.emplace_back(option);
   args.push_back(value);
}

void add_number(Args &args, const char *option, std::uint64_t value) {
   add(args, option, std::to_string(value));
}

void add_namespaces(Args &args, const SandboxConfig &config) {
   if (!config.user_ns)
      args.emplace_back("--no-userns");
   if (!config.mount_ns)
      args.emplace_back("--no-mountns");
   if (!config.pid_ns)
      args.emplace_back("--no-pidns");
   if (!config.ipc_ns)
      args.emplace_back("--no-ipcns");
   if (!config.uts_ns)
      args.emplace_back("--no-utsns");
}

void add_network(Args &args, const SandboxConfig &config) {
   switch (config.network) {
   case Network::None: add(args, "--network", "none"); break;
   case Network::Host: add(args, "--network", "host"); break;
   case Network::Egress:
      add(args, "--network", "egress");
      add(args, "--egress", config.egress_endpoint);
      break;
   }
}

void add_limits(Args &args, const SandboxConfig &config) {
   add_number(args, "--rlimit-data", config.data_mib);
   add_number(args, "--max-old-space", config.max_old_space_mib);
   add_number(args, "--rlimit-nofile", config.nofile);
   add_number(args, "--rlimit-nproc", config.nproc);
   add_number(args, "--rlimit-cpu", config.cpu_seconds);
   add_number(args, "--rlimit-fsize", config.fsize_mib);
   if (config.cgroup_parent.empty())
      return;
   add(args, "--cgroup-parent", config.cgroup_parent);
   add_number(args, "--cgroup-memory", config.cgroup_memory_mib);
   add_number(args, "--cgroup-pids", config.cgroup_pids);
   add_number(args, "--cgroup-cpu-weight", config.cgroup_cpu_weight);
}

void add_policy(Args &args, const SandboxConfig &config) {
   if (!config.seccomp)
      args.emplace_back("--no-seccomp");
   if (!config.seccomp_policy_dir.empty())
      add(args, "--seccomp-policy", config.seccomp_policy_dir);
   if (config.require.empty())
      return;
   std::string list;
   for (Layer layer : config.require) {
      if (!list.empty())
         list += ',';
      list += layer_name(layer);
   }
   add(args, "--require", list);
}

bool parse_port(std::string_view text, unsigned &port) {
   const char *end = text.data() + text.size();
   auto [ptr, error] = std::from_chars(text.data(), end, port);
   return error == std::errc{} && ptr == end && port > 0 && port < 65536;
}

} // namespace

std::vector<std::string> build_command_line(const SandboxConfig &config,
                                            const std::vector<std::string> &payload) {
   Args args{config.launcher};
   add(args, "--sandbox-root", config.sandbox_root);
   add_number(args, "--home-size", config.home_mib);
   for (const auto &path : config.ro_binds)
      add(args, "--ro-bind", path);
   add_namespaces(args, config);
   add_network(args, config);
   add_limits(args, config);
   add_policy(args, config);
   for (const auto &name : config.keep_env)
      add(args, "--keep-env", name);
   for (const auto &assignment : config.set_env)
      add(args, "--setenv", assignment);
   if (config.degraded_ok)
      args.emplace_back("--degraded-ok");
   if (config.report_fd)
      add(args, "--report-fd", std::to_string(*config.report_fd));
   args.emplace_back("--");
   args.insert(args.end(), payload.begin(), payload.end());
   return args;
}

// Strips the scheme off `url` and returns its default port; empty for other schemes.
std::string_view strip_scheme(std::string_view &url) {
   for (const auto &[scheme, port] :
        {std::pair<std::string_view, std::string_view>{"https://", "443"}, {"http://", "80"}})
      if (url.starts_with(scheme)) {
         url.remove_prefix(scheme.size());
         return port;
      }
   return {};
}

std::optional<std::string> endpoint_of_base_url(const std::string &base_url) {
   std::string_view url = base_url;
   const std::string_view default_port = strip_scheme(url);
   if (default_port.empty())
      return std::nullopt;
   std::string_view authority = url.substr(0, url.find_first_of("/?#"));
   if (authority.empty() || authority.find('@') != std::string_view::npos)
      return std::nullopt;
   std::size_t colon = authority.rfind(':');
   bool bracketed = authority.front() == '[';
   bool has_port = colon != std::string_view::npos && (!bracketed || authority[colon - 1] == ']');
   std::string_view host = has_port ? authority.substr(0, colon) : authority;
   std::string_view port = has_port ? authority.substr(colon + 1) : default_port;
   unsigned number = 0;
   if (host.empty() || !parse_port(port, number))
      return std::nullopt;
   return std::string(host) + ":" + std::to_string(number);
}

} // namespace pmat::sandbox
