// SPDX-License-Identifier: MIT
// The seccomp filter: built from the policy text (allow.txt, kill.txt, errno.txt; built into the
// launcher or read from --seccomp-policy DIR) in the launcher before it forks, loaded by the last
// stage right before execve. The launcher is single-threaded when it builds and loads, so
// libseccomp's allocations are safe (anchors §4, libseccomp #123).
#pragma once

#include <string>
#include <vector>

namespace pmat::sandbox::launcher {

struct PolicyText {
   std::string allow;  // "name [condition]" per line
   std::string kill;   // "name" per line
   std::string errnos; // "name ERRNO" per line
};

// The policy compiled into the launcher (policy/*.txt at build time).
PolicyText builtin_policy();
// Reads DIR/allow.txt, DIR/kill.txt, DIR/errno.txt; error text on failure.
std::string read_policy(const std::string &dir, PolicyText &out);

class SeccompFilter {
 public:
   SeccompFilter() = default;
   SeccompFilter(const SeccompFilter &) = delete;
   SeccompFilter &operator=(const SeccompFilter &) = delete;
   ~SeccompFilter();

   // Builds the filter; returns "" or an error. Unknown syscall names and unknown conditions
   // are skipped and listed in warnings() (an unknown condition drops the rule: fail closed).
   std::string build(const PolicyText &policy);
   // Loads it into the calling thread (NO_NEW_PRIVS must be set); "" or an error.
   std::string load();
   // Compiles the built filter to BPF and writes it to `fd` (seccomp_export_bpf): the cost a
   // load pays on top of build(), without installing anything. "" or an error.
   std::string export_bpf(int fd) const;
   [[nodiscard]] const std::vector<std::string> &warnings() const { return warnings_; }
   [[nodiscard]] std::size_t rule_count() const { return rules_; }

 private:
   std::string add_allow(const std::string &name, const std::string &condition);
   std::string add_line(const std::string &line, int list);
   std::string add_denial(const std::string &name, const std::string &argument, int nr, int list);

   void *ctx_ = nullptr; // scmp_filter_ctx
   std::vector<std::string> warnings_;
   std::size_t rules_ = 0;
};

} // namespace pmat::sandbox::launcher
