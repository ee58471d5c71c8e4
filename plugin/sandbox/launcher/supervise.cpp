#include "supervise.hpp"

#include <cerrno>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.hpp"
#include "egress.hpp"

namespace pmat::sandbox::launcher {
namespace {

constexpr const char *status_prefix = "status ";

struct Watch {
   pid_t child;
   int channel;
   int listener;
   const Endpoint *endpoint;
   int payload_status = -1;
   int child_status = -1;
};

void on_signal(Watch &watch, int signal_fd) {
   signalfd_siginfo info{};
   if (read(signal_fd, &info, sizeof(info)) != static_cast<ssize_t>(sizeof(info)))
      return;
   if (info.ssi_signo != SIGCHLD) {
      kill(watch.child, static_cast<int>(info.ssi_signo));
      return;
   }
   int status = 0;
   if (waitpid(watch.child, &status, WNOHANG) == watch.child)
      watch.child_status = status;
}

void on_channel(Watch &watch) {
   std::string text;
   if (!receive_message(watch.channel, text)) {
      watch.channel = -1; // the sandbox side is gone; SIGCHLD follows
      return;
   }
   if (text.rfind(status_prefix, 0) == 0)
      watch.payload_status = std::stoi(text.substr(7));
}

void on_listener(const Watch &watch) {
   int connection = accept4(watch.listener, nullptr, nullptr, SOCK_CLOEXEC);
   if (connection >= 0)
      relay_connection(connection, *watch.endpoint);
}

} // namespace

sigset_t forwarded_signals() {
   sigset_t set;
   sigemptyset(&set);
   for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD})
      sigaddset(&set, sig);
   return set;
}

void block_forwarded_signals() {
   sigset_t set = forwarded_signals();
   sigprocmask(SIG_BLOCK, &set, nullptr);
}

// A status message may still be queued behind the exit.
void read_late_status(Watch &watch) {
   if (watch.channel < 0 || watch.payload_status >= 0)
      return;
   pollfd last{watch.channel, POLLIN, 0};
   if (poll(&last, 1, 0) > 0)
      on_channel(watch);
}

int supervise_child(pid_t child, int channel, int listener, const Endpoint *endpoint) {
   sigset_t set = forwarded_signals();
   int signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
   Watch watch{child, channel, listener, endpoint};
   while (watch.child_status < 0) {
      pollfd fds[3] = {
          {signal_fd, POLLIN, 0}, {watch.channel, POLLIN, 0}, {watch.listener, POLLIN, 0}};
      if (poll(fds, 3, -1) < 0 && errno != EINTR)
         break;
      if (fds[0].revents & POLLIN)
         on_signal(watch, signal_fd);
      if (fds[1].revents & (POLLIN | POLLHUP))
         on_channel(watch);
      if (fds[2].revents & POLLIN)
         on_listener(watch);
   }
   read_late_status(watch);
   return watch.payload_status >= 0 ? watch.payload_status : watch.child_status;
}

void run_init_loop(pid_t payload, int channel) {
   sigset_t set = forwarded_signals();
   for (;;) {
      siginfo_t info{};
      if (sigwaitinfo(&set, &info) < 0)
         continue;
      if (info.si_signo != SIGCHLD) {
         kill(payload, info.si_signo);
         continue;
      }
      int status = 0;
      for (pid_t done = waitpid(-1, &status, WNOHANG); done > 0;
           done = waitpid(-1, &status, WNOHANG)) {
         if (done != payload)
            continue;
         send_message(channel, status_prefix + std::to_string(status));
         // pid 1 cannot die of its own signal; the launcher mirrors the status instead.
         _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
      }
   }
}

void exit_like(int status) {
   if (WIFEXITED(status))
      _exit(WEXITSTATUS(status));
   int sig = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
   rlimit none{0, 0};
   setrlimit(RLIMIT_CORE, &none); // the launcher itself must not dump core for the payload
   signal(sig, SIG_DFL);
   sigset_t set;
   sigemptyset(&set);
   sigaddset(&set, sig);
   sigprocmask(SIG_UNBLOCK, &set, nullptr);
   raise(sig);
   _exit(128 + sig);
}

} // namespace pmat::sandbox::launcher
