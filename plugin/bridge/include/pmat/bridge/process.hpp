// A child process with its stdio wired to us: stdin is one end of an AF_UNIX socketpair (so
// writes use MSG_NOSIGNAL and a dead child can never raise SIGPIPE in the host), stdout and stderr
// are pipes. Every descriptor is O_CLOEXEC, the child starts with a clean signal mask and default
// dispositions in its own process group, and the destructor kills and reaps it: no zombies.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include <pmat/bridge/status.hpp>

namespace pmat::bridge {

struct SpawnSpec {
   std::string program;           // searched in PATH when it has no '/'
   std::vector<std::string> args; // argv[1..]
   std::vector<std::string> env;  // "KEY=VALUE" entries added to (or replacing in) our environment
   // The child's fd 3 is the write end of a pipe whose read end is report_fd() (for a launcher
   // that reports on a descriptor of its own, pmat-sandbox-exec --report-fd 3).
   bool report_pipe = false;
};

class ChildProcess {
 public:
   ChildProcess() = default;
   ChildProcess(ChildProcess &&other) noexcept;
   ChildProcess &operator=(ChildProcess &&other) noexcept;
   ChildProcess(const ChildProcess &) = delete;
   ChildProcess &operator=(const ChildProcess &) = delete;
   ~ChildProcess();

   // WorkerCrashed (2002) when the program cannot be started (posix_spawn reports exec errors).
   static Result<ChildProcess> spawn(const SpawnSpec &spec);

   [[nodiscard]] pid_t pid() const noexcept { return pid_; }
   [[nodiscard]] int stdin_fd() const noexcept { return stdin_fd_; }   // non-blocking socket
   [[nodiscard]] int stdout_fd() const noexcept { return stdout_fd_; } // non-blocking pipe
   [[nodiscard]] int stderr_fd() const noexcept { return stderr_fd_; } // non-blocking pipe
   // Readable once the child has exited; -1 if pidfd_open is unavailable (then poll try_reap).
   [[nodiscard]] int exit_fd() const noexcept { return pidfd_; }
   // Non-blocking read end of the report pipe; -1 without SpawnSpec::report_pipe.
   [[nodiscard]] int report_fd() const noexcept { return report_fd_; }

   // Signals the child's whole process group (the bridge's own children die with it).
   void signal_group(int signo) const noexcept;
   // Half-closes stdin: the child reads EOF, which asks the bridge to finish and exit.
   void close_stdin() noexcept;

   // Reaps the child if it has exited. Returns true once reaped (also after ECHILD, when the host
   // reaps children itself).
   bool try_reap() noexcept;
   [[nodiscard]] bool reaped() const noexcept { return reaped_; }
   // "exited with status 3", "killed by signal 9 (Killed)", or "still running".
   [[nodiscard]] std::string exit_description() const;

   // Kills the group with SIGKILL if still running and reaps (blocking); closes every fd.
   void kill_and_reap() noexcept;

 private:
   void close_fds() noexcept;

   pid_t pid_ = -1;
   int stdin_fd_ = -1;
   int stdout_fd_ = -1;
   int stderr_fd_ = -1;
   int pidfd_ = -1;
   int report_fd_ = -1;
   bool reaped_ = false;
   int wait_status_ = 0;
   bool status_known_ = false;
};

} // namespace pmat::bridge
