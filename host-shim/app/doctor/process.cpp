#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

extern char **environ;

namespace pmat::doctor {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
   int read = -1;
   int write = -1;
};

// The three pipes the child writes to (stdout, stderr, fd 3), closed on every exit path.
struct Pipes {
   std::array<Pipe, 3> pipes;
   ~Pipes() {
      for (const auto &p : pipes)
         for (const int fd : {p.read, p.write})
            if (fd >= 0)
               ::close(fd);
   }
   void close_write_ends() {
      for (auto &p : pipes)
         if (p.write >= 0) {
            ::close(p.write);
            p.write = -1;
         }
   }
};

bool open_pipes(Pipes &pipes, std::size_t count) {
   for (std::size_t i = 0; i < count; ++i) {
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) != 0)
         return false;
      pipes.pipes[i] = {fds[0], fds[1]};
   }
   return true;
}

pid_t spawn(const std::vector<std::string> &argv, const Pipes &pipes, std::size_t count) {
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init(&actions);
   posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
   for (std::size_t i = 0; i < count; ++i)
      posix_spawn_file_actions_adddup2(&actions, pipes.pipes[i].write, static_cast<int>(i) + 1);
   std::vector<char *> args;
   for (const auto &arg : argv)
      args.push_back(const_cast<char *>(arg.c_str()));
   args.push_back(nullptr);
   pid_t pid = -1;
   const int error = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
   posix_spawn_file_actions_destroy(&actions);
   errno = error;
   return error == 0 ? pid : -1;
}

using Sinks = std::array<std::string *, 3>;

// Reads what is ready on each polled pipe into its sink; returns how many reached EOF.
std::size_t read_ready(std::array<pollfd, 3> &polled, std::size_t count, const Sinks &sinks) {
   std::size_t closed = 0;
   for (std::size_t i = 0; i < count; ++i) {
      if (polled[i].fd < 0 || polled[i].revents == 0)
         continue;
      char buffer[4096];
      const ssize_t n = ::read(polled[i].fd, buffer, sizeof buffer);
      if (n > 0) {
         sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
         polled[i].fd = -1;
         ++closed;
      }
   }
   return closed;
}

// Reads every pipe until all are at EOF or the deadline passes; false on the deadline.
bool drain(Pipes &pipes, std::size_t count, const Sinks &sinks, Clock::time_point deadline) {
   std::array<pollfd, 3> polled{};
   for (std::size_t i = 0; i < count; ++i)
      polled[i] = {pipes.pipes[i].read, POLLIN, 0};
   for (std::size_t open = count; open > 0;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0)
         return false;
      if (::poll(polled.data(), count, static_cast<int>(left.count())) < 0 && errno != EINTR)
         return false;
      open -= read_ready(polled, count, sinks);
   }
   return true;
}

void reap(pid_t pid, ProcessResult &result) {
   int status = 0;
   while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
   }
   if (WIFEXITED(status))
      result.exit_code = WEXITSTATUS(status);
   else if (WIFSIGNALED(status))
      result.signal = WTERMSIG(status);
}

} // namespace

ProcessResult run_process(const std::vector<std::string> &argv, std::chrono::milliseconds timeout,
                          bool capture_fd3) {
   ProcessResult result;
   const std::size_t count = capture_fd3 ? 3 : 2;
   Pipes pipes;
   if (argv.empty() || !open_pipes(pipes, count)) {
      result.error = argv.empty() ? "no program" : std::string("pipe: ") + std::strerror(errno);
      return result;
   }
   const pid_t pid = spawn(argv, pipes, count);
   if (pid < 0) {
      result.error = "cannot run " + argv[0] + ": " + std::strerror(errno);
      return result;
   }
   result.started = true;
   pipes.close_write_ends();
   result.timed_out =
       !drain(pipes, count, {&result.out, &result.err, &result.report}, Clock::now() + timeout);
   if (result.timed_out)
      ::kill(pid, SIGKILL);
   reap(pid, result);
   return result;
}

} // namespace pmat::doctor
