// SPDX-License-Identifier: MIT
#include "compiled_policy.hpp"

namespace pmat::sandbox::launcher {

CompiledPolicy builtin_compiled_policy() {
   return {generated::k_program, generated::k_program_size, generated::k_warnings};
}

} // namespace pmat::sandbox::launcher
