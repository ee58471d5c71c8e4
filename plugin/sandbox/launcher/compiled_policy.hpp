// SPDX-License-Identifier: MIT
// The built-in seccomp policy compiled to BPF at build time (pmat_seccomp_bpf_gen), so a launch
// loads a finished program instead of parsing ~250 rules and compiling them with libseccomp
// (1.1 ms per spawn, docs/performance.md "Sandbox"). A --seccomp-policy DIR is still compiled at
// run time, and so is the built-in policy when the kernel refuses the precompiled program.
#pragma once

#include <cstddef>
#include <string>

namespace pmat::sandbox::launcher {

struct CompiledPolicy {
   const unsigned char *program = nullptr; // struct sock_filter[], static storage
   std::size_t size = 0;                   // bytes; 0 = nothing precompiled
   const char *warnings = "";              // the build's policy warnings, one per line
};

// pmat-sandbox-exec links the generated program (compiled_policy_select.cpp); the launcher core
// library that tests and benchmarks use has none (compiled_policy_none.cpp).
CompiledPolicy builtin_compiled_policy();

// Installs `policy.program` with seccomp(SECCOMP_SET_MODE_FILTER) (NO_NEW_PRIVS must be set).
// "" or an error.
std::string load_compiled_policy(const CompiledPolicy &policy);

namespace generated { // defined in the generated compiled_policy_data.cpp
extern const unsigned char k_program[];
extern const std::size_t k_program_size;
extern const char k_warnings[];
} // namespace generated

} // namespace pmat::sandbox::launcher
