// SPDX-License-Identifier: MIT
#include "stages.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.hpp"
#include "channel.hpp"
#include "compiled_policy.hpp"
#include "egress.hpp"
#include "environment.hpp"
#include "limits.hpp"
#include "mount_view.hpp"
#include "namespaces.hpp"
#include "private_dir.hpp"
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
   // The worker's ids on the host: its own when root (unique_worker_id), else the caller's.
   uid_t host_uid = root ? worker_host_id(getpid()) : getuid();
   gid_t host_gid = root ? static_cast<gid_t>(host_uid) : getgid();
   // The worker's ids as it sees them: root's worker is nobody inside its user namespace (mapped
   // to host_uid); without one it can only be host_uid itself. A user's worker stays the user.
   int flags = 0; // namespaces in effect
   Channel channel;
   bool view = false;
   PrivateDir home; // on the host; the worker's HOME only when there is no view
   WorkerCgroup cgroup;

   [[nodiscard]] const SandboxConfig &config() const { return options.config; }
   [[nodiscard]] bool has(int flag) const { return (flags & flag) != 0; }
   [[nodiscard]] uid_t uid() const { return root && has(CLONE_NEWUSER) ? k_nobody_uid : host_uid; }
   [[nodiscard]] gid_t gid() const { return root && has(CLONE_NEWUSER) ? k_nogroup_gid : host_gid; }
};

void warn(const std::string &message) {
   std::string line = "pmat-sandbox-exec: " + message + "\n";
   ssize_t ignored = write(2, line.data(), line.size());
   (void)ignored;
}

std::string prepare_sandbox_dir(Launch &launch) {
   std::string error = launch.home.create(launch.config().sandbox_root, launch.host_uid,
                                          launch.host_gid, launch.root);
   return error.empty() ? "" : "sandbox directory: " + error;
}

void remove_sandbox_dir(Launch &launch) {
   int left = launch.home.remove();
   if (left != 0)
      warn("could not remove " + std::to_string(left) + " entries of " + launch.home.path());
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
      if (launch.status.failed(layer, reason))
         continue;
      remove_sandbox_dir(launch);
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
   launch.status.settle(Layer::Identity, become(launch.uid(), launch.gid()));
   if (!die_with_launcher(launch.channel.sandbox_end).empty())
      _exit(k_exit_layer_failed); // the host and its launcher are gone: nothing to run for
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
   _exit(k_exit_exec_failed);
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
   std::string home = launch.view ? k_inside_sandbox_dir : launch.home.path();
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

// The value of "key=value" in the launcher's brief (one pair a line); "" when absent.
std::string brief_value(const std::string &message, const std::string &key) {
   const std::string prefix = key + "=";
   for (std::size_t begin = 0, end; (end = message.find('\n', begin)) != std::string::npos;
        begin = end + 1) {
      if (message.compare(begin, prefix.size(), prefix) == 0)
         return message.substr(begin + prefix.size(), end - begin - prefix.size());
   }
   return "";
}

void settle_identity_from_launcher(Launch &launch, const std::string &message) {
   // "userns=<error>\n": an empty error = set up.
   if (launch.has(CLONE_NEWUSER))
      launch.status.settle(Layer::UserNs, brief_value(message, "userns"));
   settle_identity(launch, true);
}

// On v1, the `tasks` files the launcher sends after its brief, one a message: this process,
// single-threaded, enters each (cgroup.hpp says why it, not the launcher, moves it).
std::string enter_cgroups(Launch &launch, unsigned long count) {
   std::string error;
   for (unsigned long i = 0; i < count; ++i) {
      std::string text;
      int fd = -1;
      if (!receive_message(launch.channel.sandbox_end, text, &fd) || fd < 0)
         _exit(k_exit_layer_failed);
      if (error.empty() && write(fd, "0", 1) != 1)
         error = std::string("cannot enter the worker's cgroup: ") + std::strerror(errno);
      close(fd);
   }
   return error;
}

// The launcher prepares the worker's cgroup while this process builds its view (the two
// overlap); the payload starts only after its answer and, on v1, after entering the cgroups.
void settle_cgroup_from_launcher(Launch &launch) {
   // "cgroup=<error>\nmemory=<file>\ntasks=<count>\n": an empty error = set up.
   std::string message;
   if (!receive_message(launch.channel.sandbox_end, message))
      _exit(k_exit_layer_failed);
   const std::string entered =
       enter_cgroups(launch, std::strtoul(brief_value(message, "tasks").c_str(), nullptr, 10));
   if (launch.config().cgroup_parent.empty())
      return launch.status.skipped(Layer::Cgroup);
   std::string error = brief_value(message, "cgroup");
   if (error.empty())
      error = entered;
   launch.status.settle(Layer::Cgroup, error);
   if (error.empty())
      launch.status.set_cgroup_memory(brief_value(message, "memory"));
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
   ViewSpec spec{launch.config().home_mib,
                 launch.config().ro_binds,
                 launch.has(CLONE_NEWPID),
                 launch.endpoint.host_is_name ? launch.endpoint.host : "",
                 launch.uid(),
                 launch.gid()};
   std::string error = build_view(spec);
   launch.view = error.empty();
   launch.status.settle(Layer::Filesystem, error);
}

// pid 1 inside holds the host's whole environment and the launcher's options in its memory:
// not dumpable, so the payload cannot read its /proc/1/{environ,mem,fd} even as the same uid,
// and its command line blanked (/proc/1/cmdline is readable by anyone).
void hide_sandbox_init(const Launch &launch) {
   prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
   char *begin = launch.options.arguments_begin;
   if (begin != nullptr)
      std::memset(begin, 0, static_cast<std::size_t>(launch.options.arguments_end - begin));
}

[[noreturn]] void run_sandbox_init(Launch &launch) {
   close(launch.channel.launcher_end);
   launch.home.forget(); // removal is the launcher's; pid 1 must not hold the host's directory
   launch.status.settle(Layer::Pdeathsig, die_with_parent(0));
   std::string message;
   if (!receive_message(launch.channel.sandbox_end, message))
      _exit(k_exit_layer_failed);
   // Only now: a non-dumpable process's /proc files belong to root, so hiding before the
   // launcher has written our uid_map/setgroups made a non-root launcher's writes fail
   // (EACCES). Nothing else exists in the namespace yet to read us meanwhile.
   hide_sandbox_init(launch);
   settle_identity_from_launcher(launch, message);
   launch.status.settle(Layer::Session, new_session());
   record_namespaces(launch);
   setup_network(launch);
   setup_filesystem(launch);
   settle_cgroup_from_launcher(launch);
   if (!launch.has(CLONE_NEWPID))
      run_payload(launch);
   pid_t payload = fork();
   if (payload < 0)
      launch.status.abort_launch(std::string("fork: ") + std::strerror(errno));
   if (payload == 0) {
      std::string error = die_with_parent(1);
      if (!error.empty())
         _exit(k_exit_layer_failed);
      run_payload(launch);
   }
   run_init_loop(payload, launch.channel.sandbox_end);
}

// ---- launcher stage

// Without a user namespace, root can still have every other namespace: a refused user namespace
// (a sysctl, a container's policy) costs that layer alone. Otherwise, and for anyone else, a
// refused clone leaves no namespace at all; each lost layer is failed (fail closed unless
// degraded and not required).
pid_t clone_without_userns(Launch &launch, int error) {
   if (!launch.root || !launch.has(CLONE_NEWUSER))
      return -1;
   report_namespace_failure(launch, CLONE_NEWUSER, error);
   launch.flags &= ~CLONE_NEWUSER;
   return clone_into_namespaces(launch.flags);
}

pid_t start_sandbox(Launch &launch) {
   launch.flags = namespace_flags(launch.config());
   pid_t child = clone_into_namespaces(launch.flags);
   if (child < 0)
      child = clone_without_userns(launch, errno);
   if (child < 0) {
      report_namespace_failure(launch, launch.flags, errno);
      launch.flags = 0;
      child = clone_into_namespaces(0);
   }
   if (child < 0) {
      const int saved = errno;
      remove_sandbox_dir(launch);
      launch.status.abort_launch(std::string("fork: ") + std::strerror(saved));
   }
   return child;
}

// Two briefs: the id maps first, since sandbox-init can do nothing before them; the cgroup
// second, so that making it (and on v2 moving sandbox-init into it) overlaps with sandbox-init
// building its view. On v1 the `tasks` files follow, one a message.
void brief_launcher(Launch &launch, pid_t child) {
   std::string userns;
   if (launch.has(CLONE_NEWUSER))
      userns = write_id_maps(child, {launch.uid(), launch.host_uid, launch.gid(), launch.host_gid},
                             launch.root);
   send_message(launch.channel.launcher_end, "userns=" + userns + "\n");
   std::string cgroup;
   if (!launch.config().cgroup_parent.empty())
      cgroup = launch.cgroup.prepare(launch.config());
   if (cgroup.empty())
      cgroup = launch.cgroup.attach(child);
   const auto &tasks = launch.cgroup.task_files();
   send_message(launch.channel.launcher_end, "cgroup=" + cgroup +
                                                 "\nmemory=" + launch.cgroup.memory_usage_file() +
                                                 "\ntasks=" + std::to_string(tasks.size()) + "\n");
   for (const int fd : tasks)
      send_message(launch.channel.launcher_end, "tasks", fd);
   launch.cgroup.close_task_files();
}

} // namespace

void launch(const Options &options, LayerStatus &status, char **host_env) {
   Launch launch(options, status, host_env);
   std::string error = die_with_parent(0);
   if (!error.empty())
      _exit(k_exit_layer_failed); // the pool is already gone
   prepare_seccomp(launch);
   prepare_endpoint(launch);
   error = open_channel(launch.channel);
   if (error.empty())
      error = prepare_sandbox_dir(launch);
   if (!error.empty())
      status.abort_launch(error);
   block_forwarded_signals();
   pid_t child = start_sandbox(launch);
   if (child == 0)
      run_sandbox_init(launch);
   close(launch.channel.sandbox_end);
   brief_launcher(launch, child);
   int listener = -1;
   std::string reply;
   if (launch.egress_ready && launch.has(CLONE_NEWNET))
      receive_message(launch.channel.launcher_end, reply, &listener);
   int result = supervise_child(child, launch.channel.launcher_end, listener, &launch.endpoint);
   remove_sandbox_dir(launch);
   launch.cgroup.remove();
   exit_like(result);
}

} // namespace pmat::sandbox::launcher
