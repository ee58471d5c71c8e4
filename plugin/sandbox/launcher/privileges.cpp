// SPDX-License-Identifier: MIT
#include "privileges.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <grp.h>
#include <iterator>
#include <linux/capability.h>
#include <poll.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace pmat::sandbox::launcher {
namespace {

std::string failure(const char *what) {
   return std::string(what) + ": " + std::strerror(errno);
}

int last_capability() {
   std::ifstream in("/proc/sys/kernel/cap_last_cap");
   int last = CAP_LAST_CAP;
   if (in)
      in >> last;
   return last;
}

bool capsets_empty() {
   __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
   __user_cap_data_struct data[2]{};
   if (syscall(SYS_capget, &header, data) != 0)
      return false;
   for (const auto &set : data) {
      if (set.effective != 0 || set.permitted != 0 || set.inheritable != 0)
         return false;
   }
   return true;
}

} // namespace

std::string die_with_parent(pid_t expected_parent) {
   if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
      return failure("PR_SET_PDEATHSIG");
   pid_t parent = getppid();
   bool gone = expected_parent == 0 ? parent == 1 : parent != expected_parent;
   return gone ? "the parent exited before PR_SET_PDEATHSIG took effect" : "";
}

std::string die_with_launcher(int launcher_channel) {
   if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
      return failure("PR_SET_PDEATHSIG");
   pollfd channel{launcher_channel, POLLRDHUP, 0};
   if (poll(&channel, 1, 0) < 0)
      return failure("poll");
   const bool gone = (channel.revents & (POLLHUP | POLLRDHUP)) != 0;
   return gone ? "the launcher exited while the identity changed" : "";
}

std::string new_session() {
   return setsid() < 0 ? failure("setsid") : "";
}

std::string become(uid_t uid, gid_t gid) {
   if (setgroups(0, nullptr) != 0)
      return failure("setgroups");
   // Always called: inside a fresh user namespace an unmapped id reads back as 65534 too.
   if (setresgid(gid, gid, gid) != 0)
      return failure("setresgid");
   if (setresuid(uid, uid, uid) != 0)
      return failure("setresuid");
   uid_t real = 0, effective = 0, saved = 0;
   getresuid(&real, &effective, &saved);
   return real == uid && effective == uid && saved == uid ? "" : "uid did not change";
}

std::string write_existing_file(const std::string &path, const std::string &text) {
   int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
   if (fd < 0)
      return path + ": " + std::strerror(errno);
   ssize_t n = write(fd, text.data(), text.size());
   int saved = errno;
   close(fd);
   return n == static_cast<ssize_t>(text.size()) ? "" : path + ": " + std::strerror(saved);
}

std::string close_inherited_fds(int keep) {
   unsigned first = 3;
   if (keep >= 3) {
      if (keep > 3 && syscall(SYS_close_range, 3U, static_cast<unsigned>(keep - 1), 0U) != 0)
         return failure("close_range");
      first = static_cast<unsigned>(keep) + 1;
   }
   return syscall(SYS_close_range, first, ~0U, 0U) == 0 ? "" : failure("close_range");
}

std::string drop_capabilities() {
   // Bounding set: needs CAP_SETPCAP, which a user-namespace creator or root has. Without it
   // (an unprivileged run with no user namespace) there is nothing to drop in the first place.
   const int last = last_capability(); // once: it reads /proc (it was read 42 times per launch)
   for (int cap = 0; cap <= last; ++cap) {
      if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL && errno != EPERM)
         return failure("PR_CAPBSET_DROP");
   }
   if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
      return failure("PR_CAP_AMBIENT_CLEAR_ALL");
   __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
   __user_cap_data_struct data[2]{};
   if (syscall(SYS_capset, &header, data) != 0)
      return failure("capset");
   return capsets_empty() ? "" : "capabilities remain after capset";
}

std::string set_no_new_privs() {
   if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
      return failure("PR_SET_NO_NEW_PRIVS");
   return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? "" : "NO_NEW_PRIVS did not stick";
}

void reset_signals() {
   sigset_t none;
   sigemptyset(&none);
   sigprocmask(SIG_SETMASK, &none, nullptr);
   for (int sig = 1; sig < NSIG; ++sig) {
      if (sig != SIGKILL && sig != SIGSTOP)
         signal(sig, SIG_DFL);
   }
}

bool id_is_mapped(const std::string &id_map_text, std::uint32_t id) {
   std::istringstream lines(id_map_text);
   std::uint64_t inside = 0, outside = 0, count = 0;
   while (lines >> inside >> outside >> count)
      if (id >= inside && id - inside < count)
         return true;
   return false;
}

uid_t worker_host_id(pid_t launcher) {
   const uid_t id = unique_worker_id(launcher);
   for (const char *map : {"/proc/self/uid_map", "/proc/self/gid_map"}) {
      std::ifstream file(map);
      const std::string text((std::istreambuf_iterator<char>(file)), {});
      if (!id_is_mapped(text, id))
         return k_nobody_uid;
   }
   return id;
}

} // namespace pmat::sandbox::launcher
