#include "stages.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sched.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.hpp"
#include "compiled_policy.hpp"
#include "egress.hpp"
#include "environment.hpp"
#include "limits.hpp"
#include "mount_view.hpp"
#include "namespaces.hpp"
#include "privileges.hpp"
#include "seccomp_filter.hpp"
#include "supervise.hpp"

namespace pmat::sandbox::launcher {
namespace {

struct Launch {
   Launch(const Options &o, LayerStatus &s, char **env) : options(o), status(s), host_env(env) {}

   const Options &options;
   LayerStatus &status;
   char **host_env;
   SeccompFilter filter;
   CompiledPolicy compiled; // the built-in policy, precompiled; used when filter is not built
   bool seccomp_ready = false;
   Endpoint endpoint;
   bool egress_ready = false;
   bool root = geteuid() == 0;
   uid_t uid = root ? nobody_uid : getuid();
   gid_t gid = root ? nogroup_gid : getgid();
   int flags = 0; // namespaces in effect
   Channel channel;
   bool view = false;

   [[nodiscard]] const SandboxConfig &config() const { return options.config; }
   [[nodiscard]] bool has(int flag) const { return (flags & flag) != 0; }
};

void warn(const std::string &message) {
   std::string line = "pmat-sandbox-exec: " + message + "\n";
   ssize_t ignored = write(2, line.data(), line.size());
   (void)ignored;
}

std::string prepare_sandbox_dir(const Launch &launch) {
   const std::string &dir = launch.config().sandbox_dir;
   if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      return "mkdir " + dir + ": " + std::strerror(errno);
   if (launch.root && chown(dir.c_str(), launch.uid, launch.gid) != 0)
      return "chown " + dir + ": " + std::strerror(errno);
   return "";
}

void warn_policy_lines(const std::string &lines) {
   for (std::size_t begin = 0, end; (end = lines.find('\n', begin)) != std::string::npos;
        begin = end + 1)
      warn("seccomp policy: " + lines.substr(begin, end - begin));
}

void prepare_seccomp(Launch &launch) {
   if (!launch.config().seccomp)
      return launch.status.skipped(Layer::Seccomp);
   if (launch.config().seccomp_policy_dir.empty())
      launch.compiled = builtin_compiled_policy();
   if (launch.compiled.size != 0) {
      warn_policy_lines(launch.compiled.warnings);
      launch.seccomp_ready = true;
      return;
   }
   PolicyText policy = builtin_policy();
   std::string error;
   if (!launch.config().seccomp_policy_dir.empty())
      error = read_policy(launch.config().seccomp_policy_dir, policy);
   if (error.empty())
      error = launch.filter.build(policy);
   for (const auto &warning : launch.filter.warnings())
      warn("seccomp policy: " + warning);
   launch.seccomp_ready = error.empty();
   if (!error.empty() && !launch.status.failed(Layer::Seccomp, error))
      launch.status.abort_launch("seccomp: " + error);
}

void prepare_endpoint(Launch &launch) {
   if (launch.config().network != Network::Egress)
      return launch.status.skipped(Layer::Egress);
   std::string error = resolve_endpoint(launch.config().egress_endpoint, launch.endpoint);
   launch.egress_ready = error.empty();
   if (!error.empty() && !launch.status.failed(Layer::Egress, error))
      launch.status.abort_launch("egress: " + error);
}

void report_namespace_failure(Launch &launch, int wanted, int error) {
   const std::pair<int, Layer> layers[] = {
       {CLONE_NEWUSER, Layer::UserNs}, {CLONE_NEWNS, Layer::MountNs}, {CLONE_NEWPID, Layer::PidNs},
       {CLONE_NEWIPC, Layer::IpcNs},   {CLONE_NEWUTS, Layer::UtsNs},  {CLONE_NEWNET, Layer::NetNs}};
   for (const auto &[flag, layer] : layers) {
      if ((wanted & flag) == 0)
         continue;
      std::string reason = std::string("clone: ") + std::strerror(error);
      if (!launch.status.failed(layer, reason))
         launch.status.abort_launch(std::string(layer_name(layer)) + ": " + reason);
   }
}

void record_namespaces(Launch &launch) {
   const std::pair<int, Layer> layers[] = {{CLONE_NEWNS, Layer::MountNs},
                                           {CLONE_NEWPID, Layer::PidNs},
                                           {CLONE_NEWIPC, Layer::IpcNs},
                                           {CLONE_NEWUTS, Layer::UtsNs},
                                           {CLONE_NEWNET, Layer::NetNs}};
   for (const auto &[flag, layer] : layers) {
      if (launch.has(flag))
         launch.status.active(layer);
   }
   if (launch.config().network == Network::Host)
      launch.status.skipped(Layer::NetNs);
   if (launch.has(CLONE_NEWUTS))
      sethostname("pmat-sandbox", 12);
}

// ---- payload stage

std::string find_program(const std::string &name, const std::vector<std::string> &env) {
   if (name.find('/') != std::string::npos)
      return name;
   std::string path = "/usr/bin:/bin";
   for (const auto &entry : env) {
      if (entry.rfind("PATH=", 0) == 0)
         path = entry.substr(5);
   }
   for (std::size_t start = 0; start <= path.size();) {
      std::size_t colon = std::min(path.find(':', start), path.size());
      std::string candidate = path.substr(start, colon - start) + "/" + name;
      if (access(candidate.c_str(), X_OK) == 0)
         return candidate;
      start = colon + 1;
   }
   return name;
}

// As root, the payload runs as nobody:nogroup. In a user namespace the switch happens in
// sandbox-init right after the id maps exist (its kernel uid 0 is unmapped there, so it could not
// even create files); without one, in the payload stage, after the mounts that need root.
void settle_identity(Launch &launch, bool in_init) {
   if (!launch.root) {
      if (!in_init)
         launch.status.skipped(Layer::Identity);
      return;
   }
   if (in_init != launch.has(CLONE_NEWUSER))
      return;
   launch.status.settle(Layer::Identity, become(launch.uid, launch.gid));
   if (!die_with_launcher(launch.channel.sandbox_end).empty())
      _exit(exit_layer_failed); // the host and its launcher are gone: nothing to run for
}

[[noreturn]] void exec_payload(Launch &launch, const std::vector<std::string> &env) {
   std::vector<char *> argv, envp;
   for (const auto &arg : launch.options.payload)
      argv.push_back(const_cast<char *>(arg.c_str()));
   argv.push_back(nullptr);
   for (const auto &entry : env)
      envp.push_back(const_cast<char *>(entry.c_str()));
   envp.push_back(nullptr);
   std::string program = find_program(launch.options.payload[0], env);
   execve(program.c_str(), argv.data(), envp.data());
   std::string message =
       "pmat-sandbox-exec: cannot execute " + program + ": " + std::strerror(errno) + "\n";
   ssize_t ignored = write(2, message.data(), message.size());
   (void)ignored;
   _exit(exit_exec_failed);
}

// The precompiled built-in program when there is one; if the kernel refuses it (a kernel older
// than the build machine's, missing an action), the same policy compiled here instead.
std::string load_seccomp(Launch &launch) {
   if (launch.compiled.size == 0)
      return launch.filter.load();
   const std::string error = load_compiled_policy(launch.compiled);
   if (error.empty())
      return "";
   warn("precompiled seccomp filter refused (" + error + "), compiling the built-in policy");
   const std::string build_error = launch.filter.build(builtin_policy());
   return build_error.empty() ? launch.filter.load() : build_error;
}

[[noreturn]] void run_payload(Launch &launch) {
   LayerStatus &status = launch.status;
   settle_identity(launch, false);
   status.settle(Layer::Rlimits, apply_rlimits(launch.config()));
   std::string home = launch.view ? inside_sandbox_dir : launch.config().sandbox_dir;
   if (chdir(home.c_str()) != 0)
      status.abort_launch("chdir " + home + ": " + std::strerror(errno));
   std::vector<std::string> env = sandbox_environment(launch.config(), launch.host_env, home);
   status.active(Layer::Env);
   status.settle(Layer::Fds, close_inherited_fds(status.report_fd()));
   status.settle(Layer::Caps, drop_capabilities());
   status.settle(Layer::NoNewPrivs, set_no_new_privs());
   reset_signals();
   if (launch.seccomp_ready)
      status.settle(Layer::Seccomp, load_seccomp(launch));
   status.report_started();
   if (status.report_fd() > 2)
      close(status.report_fd());
   exec_payload(launch, env);
}

// ---- sandbox-init stage

void settle_from_launcher(Launch &launch, const std::string &message) {
   // "userns=<error>\ncgroup=<error>\n": empty error = set up.
   std::size_t userns_end = message.find('\n');
   std::string userns = message.substr(7, userns_end - 7);
   std::string cgroup = message.substr(userns_end + 8, message.size() - userns_end - 9);
   if (launch.has(CLONE_NEWUSER))
      launch.status.settle(Layer::UserNs, userns);
   settle_identity(launch, true);
   if (launch.config().cgroup_parent.empty())
      launch.status.skipped(Layer::Cgroup);
   else
      launch.status.settle(Layer::Cgroup, cgroup);
}

std::string open_egress(Launch &launch) {
   std::string error = bring_loopback_up();
   int listener = error.empty() ? listen_inside(launch.endpoint, error) : -1;
   // Always answer: the launcher waits for this message when egress was asked for.
   bool sent =
       send_message(launch.channel.sandbox_end, listener >= 0 ? "listener" : "none", listener);
   if (!sent && error.empty())
      error = "cannot hand the listener to the launcher";
   if (listener >= 0)
      close(listener);
   return error;
}

void setup_network(Launch &launch) {
   if (launch.config().network != Network::Egress)
      return;
   if (!launch.has(CLONE_NEWNET)) {
      if (!launch.status.failed(Layer::Egress, "no network namespace to confine it"))
         launch.status.abort_launch("egress: no network namespace");
      return;
   }
   if (launch.egress_ready)
      launch.status.settle(Layer::Egress, open_egress(launch));
}

void setup_filesystem(Launch &launch) {
   if (!launch.has(CLONE_NEWNS)) {
      if (!launch.status.failed(Layer::Filesystem, "no mount namespace"))
         launch.status.abort_launch("filesystem: no mount namespace");
      return;
   }
   ViewSpec spec{launch.config().sandbox_dir,
                 launch.config().ro_binds,
                 launch.has(CLONE_NEWPID),
                 launch.endpoint.host_is_name ? launch.endpoint.host : "",
                 launch.uid,
                 launch.gid};
   std::string error = build_view(spec);
   launch.view = error.empty();
   launch.status.settle(Layer::Filesystem, error);
}

[[noreturn]] void run_sandbox_init(Launch &launch) {
   close(launch.channel.launcher_end);
   launch.status.settle(Layer::Pdeathsig, die_with_parent(0));
   std::string message;
   if (!receive_message(launch.channel.sandbox_end, message))
      _exit(exit_layer_failed);
   settle_from_launcher(launch, message);
   launch.status.settle(Layer::Session, new_session());
   record_namespaces(launch);
   setup_network(launch);
   setup_filesystem(launch);
   if (!launch.has(CLONE_NEWPID))
      run_payload(launch);
   pid_t payload = fork();
   if (payload < 0)
      launch.status.abort_launch(std::string("fork: ") + std::strerror(errno));
   if (payload == 0) {
      std::string error = die_with_parent(1);
      if (!error.empty())
         _exit(exit_layer_failed);
      run_payload(launch);
   }
   run_init_loop(payload, launch.channel.sandbox_end);
}

// ---- launcher stage

pid_t start_sandbox(Launch &launch) {
   int wanted = namespace_flags(launch.config());
   pid_t child = clone_into_namespaces(wanted);
   launch.flags = wanted;
   if (child < 0) {
      report_namespace_failure(launch, wanted, errno);
      launch.flags = 0;
      child = clone_into_namespaces(0);
   }
   if (child < 0)
      launch.status.abort_launch(std::string("fork: ") + std::strerror(errno));
   return child;
}

std::string brief_launcher(Launch &launch, pid_t child, std::string &cgroup_dir) {
   std::string userns;
   if (launch.has(CLONE_NEWUSER))
      userns = write_id_maps(child, launch.uid, launch.gid, launch.root);
   std::string cgroup;
   if (!launch.config().cgroup_parent.empty())
      cgroup = join_cgroup(launch.config(), child, cgroup_dir);
   return "userns=" + userns + "\ncgroup=" + cgroup + "\n";
}

} // namespace

void launch(const Options &options, LayerStatus &status, char **host_env) {
   Launch launch(options, status, host_env);
   std::string error = die_with_parent(0);
   if (!error.empty())
      _exit(exit_layer_failed); // the pool is already gone
   error = prepare_sandbox_dir(launch);
   if (!error.empty())
      status.abort_launch(error);
   prepare_seccomp(launch);
   prepare_endpoint(launch);
   error = open_channel(launch.channel);
   if (!error.empty())
      status.abort_launch(error);
   block_forwarded_signals();
   pid_t child = start_sandbox(launch);
   if (child == 0)
      run_sandbox_init(launch);
   close(launch.channel.sandbox_end);
   std::string cgroup_dir;
   send_message(launch.channel.launcher_end, brief_launcher(launch, child, cgroup_dir));
   int listener = -1;
   std::string reply;
   if (launch.egress_ready && launch.has(CLONE_NEWNET))
      receive_message(launch.channel.launcher_end, reply, &listener);
   int result = supervise_child(child, launch.channel.launcher_end, listener, &launch.endpoint);
   remove_cgroup(cgroup_dir);
   exit_like(result);
}

} // namespace pmat::sandbox::launcher
