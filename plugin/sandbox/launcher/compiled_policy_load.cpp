// SPDX-License-Identifier: MIT
#include "compiled_policy.hpp"

#include <cerrno>
#include <cstring>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace pmat::sandbox::launcher {

std::string load_compiled_policy(const CompiledPolicy &policy) {
   const std::size_t count = policy.size / sizeof(sock_filter);
   if (policy.program == nullptr || count == 0 || count > BPF_MAXINSNS ||
       policy.size % sizeof(sock_filter) != 0)
      return "the precompiled filter has a bad size (" + std::to_string(policy.size) + " bytes)";
   sock_fprog program{
       static_cast<unsigned short>(count),
       const_cast<sock_filter *>(reinterpret_cast<const sock_filter *>(policy.program))};
   if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0U, &program) != 0)
      return std::string("seccomp(SECCOMP_SET_MODE_FILTER): ") + std::strerror(errno);
   return "";
}

} // namespace pmat::sandbox::launcher
