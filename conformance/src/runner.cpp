// SPDX-License-Identifier: MIT
#include "runner.hpp"

#include <boost/json/parse.hpp>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace pmat::conformance {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int k_result_fd = 3;
constexpr int k_first_private_fd = 10; // above 0-3, which the child's file actions dup onto
constexpr std::size_t k_output_tail = 64 * 1024;

struct Pipe {
   int read = -1;
   int write = -1;
};

Pipe make_pipe() {
   int fds[2];
   if (::pipe2(fds, O_CLOEXEC) != 0)
      return {};
   Pipe p{::fcntl(fds[0], F_DUPFD_CLOEXEC, k_first_private_fd),
          ::fcntl(fds[1], F_DUPFD_CLOEXEC, k_first_private_fd)};
   ::close(fds[0]);
   ::close(fds[1]);
   return p;
}

void close_fd(int &fd) {
   if (fd >= 0)
      ::close(fd);
   fd = -1;
}

struct Child {
   pid_t pid = -1;
   int result_fd = -1;
   int output_fd = -1;
   std::string result;
   std::string output;
   int wait_status = 0;
   bool exited = false;
   bool timed_out = false;
};

pid_t spawn(const std::vector<std::string> &args, const Pipe &result, const Pipe &output) {
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init(&actions);
   posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
   posix_spawn_file_actions_adddup2(&actions, output.write, 1);
   posix_spawn_file_actions_adddup2(&actions, output.write, 2);
   posix_spawn_file_actions_adddup2(&actions, result.write, k_result_fd);
   posix_spawnattr_t attr;
   posix_spawnattr_init(&attr);
   sigset_t none;
   sigemptyset(&none);
   posix_spawnattr_setsigmask(&attr, &none);
   posix_spawnattr_setpgroup(&attr, 0); // its own group: a timeout kills what it spawned too
   posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
   std::vector<char *> argv;
   for (const auto &a : args)
      argv.push_back(const_cast<char *>(a.c_str()));
   argv.push_back(nullptr);
   pid_t pid = -1;
   if (posix_spawn(&pid, "/proc/self/exe", &actions, &attr, argv.data(), environ) != 0)
      pid = -1;
   posix_spawn_file_actions_destroy(&actions);
   posix_spawnattr_destroy(&attr);
   return pid;
}

void read_available(int &fd, std::string &into) {
   char buf[16384];
   for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) {
         into.append(buf, static_cast<std::size_t>(n));
         continue;
      }
      if (n == 0 || errno != EINTR)
         break;
   }
   if (into.size() > 2 * k_output_tail)
      into.erase(0, into.size() - k_output_tail);
}

void poll_once(Child &c) {
   pollfd fds[2] = {{c.result_fd, POLLIN, 0}, {c.output_fd, POLLIN, 0}};
   if (::poll(fds, 2, 50) <= 0)
      return;
   if (fds[0].revents != 0)
      read_available(c.result_fd, c.result);
   if (fds[1].revents != 0)
      read_available(c.output_fd, c.output);
}

void wait_for(Child &c, double timeout_seconds) {
   const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_seconds);
   // Non-blocking reads: a grandchild holding the pipes open must not stall the run.
   ::fcntl(c.result_fd, F_SETFL, O_NONBLOCK);
   ::fcntl(c.output_fd, F_SETFL, O_NONBLOCK);
   while (!c.exited) {
      poll_once(c);
      c.exited = ::waitpid(c.pid, &c.wait_status, WNOHANG) == c.pid;
      if (!c.exited && Clock::now() > deadline) {
         ::kill(-c.pid, SIGKILL);
         c.timed_out = true;
         c.exited = ::waitpid(c.pid, &c.wait_status, 0) == c.pid;
      }
   }
   read_available(c.result_fd, c.result);
   read_available(c.output_fd, c.output);
   ::kill(-c.pid, SIGKILL); // leave nothing behind from the test's process group
}

std::string signal_text(int sig) {
   const char *abbrev = sigabbrev_np(sig);
   return std::string("SIG") + (abbrev ? abbrev : std::to_string(sig)) + " (" + strsignal(sig) +
          ")";
}

bool apply_child_report(TestResult &r, const std::string &text) try {
   const auto json = boost::json::parse(text);
   const auto &o = json.as_object();
   const auto outcome = o.at("outcome").as_string();
   r.outcome = outcome == "passed"    ? Outcome::Passed
               : outcome == "skipped" ? Outcome::Skipped
                                      : Outcome::Failed;
   for (const auto &m : o.at("messages").as_array())
      r.messages.emplace_back(m.as_string());
   for (const auto &n : o.at("notes").as_array())
      r.notes.emplace_back(n.as_string());
   return true;
} catch (const std::exception &) {
   // Truncated or missing: the child died before it finished writing.
   return false;
}

void apply_exit_status(TestResult &r, const Child &c, bool reported) {
   if (WIFSIGNALED(c.wait_status)) {
      r.outcome = Outcome::Crashed;
      r.messages.push_back(
          (reported ? "crashed after reporting, at exit: killed by " : "test process killed by ") +
          signal_text(WTERMSIG(c.wait_status)));
      return;
   }
   const int code = WIFEXITED(c.wait_status) ? WEXITSTATUS(c.wait_status) : -1;
   if (code == 0 && reported)
      return;
   if (!reported) {
      r.outcome = Outcome::Crashed;
      r.messages.push_back("test process exited with status " + std::to_string(code) +
                           " without reporting a result");
      return;
   }
   if (r.outcome == Outcome::Passed || r.outcome == Outcome::Skipped)
      r.outcome = Outcome::Failed;
   r.messages.push_back("test process exited with status " + std::to_string(code) +
                        " after the test (a sanitizer report or exit-time failure; see output)");
}

TestResult interpret(const TestCase &test, const Child &c, double timeout_seconds) {
   TestResult r;
   r.test = &test;
   r.output = c.output.size() > k_output_tail ? c.output.substr(c.output.size() - k_output_tail)
                                              : c.output;
   if (c.timed_out) {
      r.outcome = Outcome::TimedOut;
      r.messages.push_back("no result within " + std::to_string(timeout_seconds) +
                           " s; the test's process group was killed");
      return r;
   }
   const bool reported = apply_child_report(r, c.result);
   apply_exit_status(r, c, reported);
   return r;
}

} // namespace

TestResult run_isolated(const Options &options, const TestCase &test) {
   const auto start = Clock::now();
   Pipe result = make_pipe();
   Pipe output = make_pipe();
   Child c;
   c.pid = spawn(child_arguments(options, std::string(test.id), k_result_fd), result, output);
   close_fd(result.write);
   close_fd(output.write);
   c.result_fd = result.read;
   c.output_fd = output.read;
   TestResult r;
   if (c.pid < 0) {
      r.test = &test;
      r.outcome = Outcome::Crashed;
      r.messages.push_back(std::string("cannot spawn the test process: ") + strerror(errno));
   } else {
      wait_for(c, options.timeout_seconds);
      r = interpret(test, c, options.timeout_seconds);
   }
   close_fd(c.result_fd);
   close_fd(c.output_fd);
   r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
   return r;
}

} // namespace pmat::conformance
