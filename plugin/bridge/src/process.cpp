#include <pmat/bridge/process.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace pmat::bridge {
namespace {

void close_fd(int &fd) noexcept {
   if (fd >= 0)
      ::close(fd);
   fd = -1;
}

struct Fds {
   int in[2] = {-1, -1}; // socketpair: [0] ours, [1] the child's stdin
   int out[2] = {-1, -1};
   int err[2] = {-1, -1};
   int report[2] = {-1, -1}; // only with SpawnSpec::report_pipe
   ~Fds() {
      for (int *pair : {in, out, err, report})
         for (int i = 0; i < 2; ++i)
            close_fd(pair[i]);
   }
};

Status errno_status(const char *what, int err) {
   return make_error(PMAT_STATUS_WORKER_CRASHED, std::string(what) + ": " + std::strerror(err));
}

Status make_fds(Fds &fds, bool report_pipe) {
   if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds.in) != 0)
      return errno_status("socketpair", errno);
   if (::pipe2(fds.out, O_CLOEXEC) != 0 || ::pipe2(fds.err, O_CLOEXEC) != 0)
      return errno_status("pipe2", errno);
   if (report_pipe && ::pipe2(fds.report, O_CLOEXEC | O_NONBLOCK) != 0)
      return errno_status("pipe2", errno);
   for (int fd : {fds.in[0], fds.out[0], fds.err[0]})
      if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) != 0)
         return errno_status("fcntl", errno);
   return Status::success();
}

// Our environment with `overrides` applied (same key replaced, new keys appended).
std::vector<std::string> build_env(const std::vector<std::string> &overrides) {
   std::vector<std::string> env;
   for (char **e = environ; e != nullptr && *e != nullptr; ++e) {
      const std::string_view entry(*e);
      const std::string_view key = entry.substr(0, entry.find('=') + 1);
      bool replaced = false;
      for (const std::string &o : overrides)
         replaced = replaced || std::string_view(o).substr(0, key.size()) == key;
      if (!replaced)
         env.emplace_back(entry);
   }
   env.insert(env.end(), overrides.begin(), overrides.end());
   return env;
}

std::vector<char *> c_array(std::vector<std::string> &strings) {
   std::vector<char *> out;
   for (std::string &s : strings)
      out.push_back(s.data());
   out.push_back(nullptr);
   return out;
}

// The spawned child must not inherit the host's blocked signals or ignored dispositions (a host
// that ignores SIGPIPE or SIGTERM would otherwise pass that on to node).
int prepare_attr(posix_spawnattr_t &attr) {
   sigset_t none;
   sigset_t defaults;
   sigemptyset(&none);
   sigemptyset(&defaults);
   for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM})
      sigaddset(&defaults, s);
   int rc = posix_spawnattr_setsigmask(&attr, &none);
   rc = rc != 0 ? rc : posix_spawnattr_setsigdefault(&attr, &defaults);
   rc = rc != 0 ? rc : posix_spawnattr_setpgroup(&attr, 0);
   const short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP;
   return rc != 0 ? rc : posix_spawnattr_setflags(&attr, flags);
}

int prepare_actions(posix_spawn_file_actions_t &actions, const Fds &fds) {
   int rc = posix_spawn_file_actions_adddup2(&actions, fds.in[1], 0);
   rc = rc != 0 ? rc : posix_spawn_file_actions_adddup2(&actions, fds.out[1], 1);
   rc = rc != 0 ? rc : posix_spawn_file_actions_adddup2(&actions, fds.err[1], 2);
   const bool report = fds.report[1] >= 0;
   if (report) // dup2 clears O_CLOEXEC on the copy; the pipe's own ends stay close-on-exec
      rc = rc != 0 ? rc : posix_spawn_file_actions_adddup2(&actions, fds.report[1], 3);
   // Belt and braces for host descriptors opened without O_CLOEXEC.
   return rc != 0 ? rc : posix_spawn_file_actions_addclosefrom_np(&actions, report ? 4 : 3);
}

int do_spawn(pid_t &pid, const SpawnSpec &spec, const Fds &fds) {
   posix_spawn_file_actions_t actions;
   posix_spawnattr_t attr;
   posix_spawn_file_actions_init(&actions);
   posix_spawnattr_init(&attr);
   int rc = prepare_actions(actions, fds);
   rc = rc != 0 ? rc : prepare_attr(attr);
   std::vector<std::string> argv_s{spec.program};
   argv_s.insert(argv_s.end(), spec.args.begin(), spec.args.end());
   std::vector<std::string> env_s = build_env(spec.env);
   std::vector<char *> argv = c_array(argv_s);
   std::vector<char *> envp = c_array(env_s);
   if (rc == 0) {
      const bool search = spec.program.find('/') == std::string::npos;
      rc = search ? posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data())
                  : posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
   }
   posix_spawn_file_actions_destroy(&actions);
   posix_spawnattr_destroy(&attr);
   return rc;
}

} // namespace

Result<ChildProcess> ChildProcess::spawn(const SpawnSpec &spec) {
   Fds fds;
   if (Status s = make_fds(fds, spec.report_pipe); !s.ok())
      return s;
   pid_t pid = -1;
   if (const int rc = do_spawn(pid, spec, fds); rc != 0)
      return errno_status(("cannot start " + spec.program).c_str(), rc);
   ChildProcess child;
   child.pid_ = pid;
   std::swap(child.stdin_fd_, fds.in[0]);
   std::swap(child.stdout_fd_, fds.out[0]);
   std::swap(child.stderr_fd_, fds.err[0]);
   std::swap(child.report_fd_, fds.report[0]);
   // Via syscall(): glibc 2.36's <sys/pidfd.h> lacks C++ linkage guards. O_CLOEXEC by
   // definition; -1 on kernels before 5.3, where the reader polls waitpid instead.
   child.pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
   return child;
}

ChildProcess::ChildProcess(ChildProcess &&other) noexcept {
   *this = std::move(other);
}

ChildProcess &ChildProcess::operator=(ChildProcess &&other) noexcept {
   if (this != &other) {
      kill_and_reap();
      pid_ = std::exchange(other.pid_, -1);
      stdin_fd_ = std::exchange(other.stdin_fd_, -1);
      stdout_fd_ = std::exchange(other.stdout_fd_, -1);
      stderr_fd_ = std::exchange(other.stderr_fd_, -1);
      pidfd_ = std::exchange(other.pidfd_, -1);
      report_fd_ = std::exchange(other.report_fd_, -1);
      reaped_ = std::exchange(other.reaped_, false);
      wait_status_ = other.wait_status_;
      status_known_ = other.status_known_;
   }
   return *this;
}

ChildProcess::~ChildProcess() {
   kill_and_reap();
}

void ChildProcess::signal_group(int signo) const noexcept {
   if (pid_ > 0 && !reaped_)
      ::kill(-pid_, signo);
}

void ChildProcess::close_stdin() noexcept {
   if (stdin_fd_ >= 0)
      ::shutdown(stdin_fd_, SHUT_WR);
}

bool ChildProcess::try_reap() noexcept {
   if (pid_ <= 0 || reaped_)
      return true;
   int status = 0;
   const pid_t r = ::waitpid(pid_, &status, WNOHANG);
   if (r == pid_) {
      wait_status_ = status;
      status_known_ = true;
   }
   reaped_ = r == pid_ || (r < 0 && errno == ECHILD);
   return reaped_;
}

std::string ChildProcess::exit_description() const {
   if (!reaped_)
      return "still running";
   if (!status_known_)
      return "exit status unknown (reaped elsewhere)";
   if (WIFEXITED(wait_status_))
      return "exited with status " + std::to_string(WEXITSTATUS(wait_status_));
   if (WIFSIGNALED(wait_status_)) {
      const int sig = WTERMSIG(wait_status_);
      return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
   }
   return "stopped";
}

void ChildProcess::kill_and_reap() noexcept {
   if (pid_ > 0 && !reaped_) {
      signal_group(SIGKILL);
      int status = 0;
      pid_t r;
      do {
         r = ::waitpid(pid_, &status, 0);
      } while (r < 0 && errno == EINTR);
      if (r == pid_) {
         wait_status_ = status;
         status_known_ = true;
      }
      reaped_ = true;
   }
   close_fds();
}

void ChildProcess::close_fds() noexcept {
   close_fd(stdin_fd_);
   close_fd(stdout_fd_);
   close_fd(stderr_fd_);
   close_fd(pidfd_);
   close_fd(report_fd_);
}

} // namespace pmat::bridge
