// SPDX-License-Identifier: MIT
#include "supervise.hpp"

#include <cerrno>
#include <memory>
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

constexpr const char *k_status_prefix = "status ";

struct Watch {
   pid_t child;
   int channel;
   int listener;
   Relay *relay; // with the listener
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
   if (text.rfind(k_status_prefix, 0) == 0)
      watch.payload_status = std::stoi(text.substr(7));
}

// The listener is polled only while the relay takes more; -1 makes poll skip it.
int listener_to_poll(const Watch &watch) {
   return watch.relay != nullptr && watch.relay->accepting() ? watch.listener : -1;
}

void on_relay_events(Watch &watch, const pollfd &listener, const pollfd &wake) {
   if (watch.relay == nullptr)
      return;
   if (wake.revents & POLLIN)
      watch.relay->drain();
   if (listener.revents & POLLIN)
      watch.relay->accept_from(watch.listener);
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

// One wait for anything the supervisor answers; false when polling itself failed.
static bool supervise_once(Watch &watch, int signal_fd) {
   Relay *relay = watch.relay;
   pollfd fds[4] = {{signal_fd, POLLIN, 0},
                    {watch.channel, POLLIN, 0},
                    {listener_to_poll(watch), POLLIN, 0},
                    {relay != nullptr ? relay->wake_fd() : -1, POLLIN, 0}};
   const int ready = poll(fds, 4, relay != nullptr ? relay->retry_timeout_ms() : -1);
   if (ready < 0)
      return errno == EINTR;
   if (ready == 0 && relay != nullptr)
      relay->drain(); // paused for descriptors with nothing to wake it: try again
   if (fds[0].revents & POLLIN)
      on_signal(watch, signal_fd);
   if (fds[1].revents & (POLLIN | POLLHUP))
      on_channel(watch);
   on_relay_events(watch, fds[2], fds[3]);
   return true;
}

int supervise_child(pid_t child, int channel, int listener, const Endpoint *endpoint) {
   sigset_t set = forwarded_signals();
   int signal_fd = signalfd(-1, &set, SFD_CLOEXEC);
   std::unique_ptr<Relay> relay;
   if (listener >= 0 && endpoint != nullptr)
      relay = std::make_unique<Relay>(*endpoint, RelayLimits{});
   Watch watch{child, channel, listener, relay.get()};
   while (watch.child_status < 0 && supervise_once(watch, signal_fd)) {
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
         send_message(channel, k_status_prefix + std::to_string(status));
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
