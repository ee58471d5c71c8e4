// SPDX-License-Identifier: MIT
#include "seccomp_filter.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sched.h>
#include <sstream>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <seccomp.h>

namespace pmat::sandbox::launcher {
namespace {

enum List { AllowList = 0, KillList = 1, ErrnoList = 2 };

scmp_filter_ctx as_ctx(void *ctx) {
   return static_cast<scmp_filter_ctx>(ctx);
}

// Namespace-creating clone flags. CLONE_NEWTIME is left out: it shares its bit with the exit
// signal in clone()'s first argument and only works through clone3/unshare (both denied).
constexpr scmp_datum_t k_clone_namespace_flags = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
                                                 CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
                                                 CLONE_NEWNET;

std::vector<std::string> words_of(const std::string &line) {
   std::istringstream in(line.substr(0, line.find('#')));
   std::vector<std::string> words;
   for (std::string word; in >> word;)
      words.push_back(word);
   return words;
}

int errno_of(const std::string &name) {
   static const std::pair<const char *, int> k_table[] = {{"ENOSYS", ENOSYS},
                                                          {"EPERM", EPERM},
                                                          {"EACCES", EACCES},
                                                          {"EINVAL", EINVAL},
                                                          {"EAFNOSUPPORT", EAFNOSUPPORT},
                                                          {"EOPNOTSUPP", EOPNOTSUPP}};
   for (const auto &[text, value] : k_table) {
      if (name == text)
         return value;
   }
   return 0;
}

int rule(void *ctx, std::uint32_t action, int nr, std::vector<scmp_arg_cmp> args = {}) {
   return seccomp_rule_add_array(as_ctx(ctx), action, nr, static_cast<unsigned>(args.size()),
                                 args.data());
}

// ioctl is allowed except TIOCSTI (typing into a terminal) and TIOCLINUX. The kernel reads the
// request as 32 bits, so the comparison is masked: 0x1'0000'5412 must not slip through.
int add_ioctl(void *ctx, int nr) {
   const scmp_datum_t mask = 0xffffffffU;
   int rc = rule(ctx, SCMP_ACT_ERRNO(EPERM), nr, {SCMP_A1(SCMP_CMP_MASKED_EQ, mask, TIOCSTI)});
   if (rc == 0)
      rc = rule(ctx, SCMP_ACT_ERRNO(EPERM), nr, {SCMP_A1(SCMP_CMP_MASKED_EQ, mask, TIOCLINUX)});
   return rc == 0 ? rule(ctx, SCMP_ACT_ALLOW, nr) : rc;
}

int add_socket(void *ctx, int nr) {
   int rc = 0;
   for (scmp_datum_t family : {AF_UNIX, AF_INET, AF_INET6}) {
      if (rc == 0)
         rc = rule(ctx, SCMP_ACT_ALLOW, nr, {SCMP_A0(SCMP_CMP_EQ, family)});
   }
   // Route netlink only: runtimes list interfaces with it; changing them needs CAP_NET_ADMIN.
   if (rc == 0)
      rc = rule(ctx, SCMP_ACT_ALLOW, nr,
                {SCMP_A0(SCMP_CMP_EQ, AF_NETLINK), SCMP_A2(SCMP_CMP_EQ, NETLINK_ROUTE)});
   return rc;
}

// personality(2) with the default persona (PER_LINUX) or the query (0xffffffff) only: no
// READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE or other flags that weaken what the payload execs next.
int add_personality(void *ctx, int nr) {
   const scmp_datum_t mask = 0xffffffffU;
   int rc = rule(ctx, SCMP_ACT_ALLOW, nr, {SCMP_A0(SCMP_CMP_MASKED_EQ, mask, 0)});
   return rc == 0 ? rule(ctx, SCMP_ACT_ALLOW, nr, {SCMP_A0(SCMP_CMP_MASKED_EQ, mask, mask)}) : rc;
}

int add_clone(void *ctx, int nr) {
   int rc =
       rule(ctx, SCMP_ACT_ALLOW, nr, {SCMP_A0(SCMP_CMP_MASKED_EQ, k_clone_namespace_flags, 0)});
   return rc;
}

std::string read_file(const std::string &path, std::string &out) {
   std::ifstream in(path);
   if (!in)
      return "cannot read " + path;
   std::ostringstream text;
   text << in.rdbuf();
   out = text.str();
   return "";
}

} // namespace

std::string read_policy(const std::string &dir, PolicyText &out) {
   std::string error = read_file(dir + "/allow.txt", out.allow);
   if (error.empty())
      error = read_file(dir + "/kill.txt", out.kill);
   if (error.empty())
      error = read_file(dir + "/errno.txt", out.errnos);
   return error;
}

SeccompFilter::~SeccompFilter() {
   if (ctx_ != nullptr)
      seccomp_release(as_ctx(ctx_));
}

std::string SeccompFilter::add_allow(const std::string &name, const std::string &condition) {
   int nr = seccomp_syscall_resolve_name(name.c_str());
   if (nr == __NR_SCMP_ERROR) {
      warnings_.push_back("unknown syscall " + name + " skipped");
      return "";
   }
   int rc = 0;
   if (condition.empty())
      rc = rule(ctx_, SCMP_ACT_ALLOW, nr);
   else if (condition == "no-namespace-flags")
      rc = add_clone(ctx_, nr);
   else if (condition == "no-tiocsti-tioclinux")
      rc = add_ioctl(ctx_, nr);
   else if (condition == "socket-families")
      rc = add_socket(ctx_, nr);
   else if (condition == "default-persona")
      rc = add_personality(ctx_, nr);
   else {
      warnings_.push_back("unknown condition " + condition + " for " + name + ": not allowed");
      return "";
   }
   if (rc != 0)
      return "cannot allow " + name + ": " + std::strerror(-rc);
   ++rules_;
   return "";
}

std::string SeccompFilter::add_line(const std::string &line, int list) {
   auto words = words_of(line);
   if (words.empty())
      return "";
   const std::string &name = words[0];
   const std::string argument = words.size() > 1 ? words[1] : "";
   if (list == AllowList)
      return add_allow(name, argument);
   int nr = seccomp_syscall_resolve_name(name.c_str());
   if (nr == __NR_SCMP_ERROR) {
      warnings_.push_back("unknown syscall " + name + " skipped");
      return "";
   }
   return add_denial(name, argument, nr, list);
}

std::string SeccompFilter::add_denial(const std::string &name, const std::string &argument, int nr,
                                      int list) {
   int code = list == ErrnoList ? errno_of(argument) : 0;
   if (list == ErrnoList && code == 0)
      return "bad errno " + argument + " for " + name;
   std::uint32_t action =
       list == KillList ? SCMP_ACT_KILL_PROCESS : SCMP_ACT_ERRNO(static_cast<std::uint32_t>(code));
   int rc = rule(ctx_, action, nr);
   // libseccomp refuses (EACCES) a rule whose action is the default one; it is in force anyway.
   if (rc != 0 && rc != -EACCES)
      return "cannot add " + name + ": " + std::strerror(-rc);
   ++rules_;
   return "";
}

std::string SeccompFilter::build(const PolicyText &policy) {
   // Default: ENOSYS, so runtimes take their "not implemented here" fallback paths.
   ctx_ = seccomp_init(SCMP_ACT_ERRNO(ENOSYS));
   if (ctx_ == nullptr)
      return "seccomp_init failed";
   // Native architecture only: i386 (int 0x80) and x32 syscalls hit the bad-arch action.
   int rc = seccomp_attr_set(as_ctx(ctx_), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
   if (rc != 0)
      return std::string("cannot set the bad-arch action: ") + std::strerror(-rc);
   const std::string *texts[] = {&policy.allow, &policy.kill, &policy.errnos};
   for (int list = AllowList; list <= ErrnoList; ++list) {
      std::istringstream in(*texts[list]);
      for (std::string line; std::getline(in, line);) {
         std::string error = add_line(line, list);
         if (!error.empty())
            return error;
      }
   }
   return "";
}

std::string SeccompFilter::export_bpf(int fd) const {
   if (ctx_ == nullptr)
      return "no filter built";
   int rc = seccomp_export_bpf(as_ctx(ctx_), fd);
   return rc == 0 ? "" : std::string("seccomp_export_bpf: ") + std::strerror(-rc);
}

std::string SeccompFilter::load() {
   if (ctx_ == nullptr)
      return "no filter built";
   int rc = seccomp_load(as_ctx(ctx_));
   return rc == 0 ? "" : std::string("seccomp_load: ") + std::strerror(-rc);
}

} // namespace pmat::sandbox::launcher
