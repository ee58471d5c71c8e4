// SPDX-License-Identifier: MIT
#include "compiled_policy.hpp"

namespace pmat::sandbox::launcher {

CompiledPolicy builtin_compiled_policy() {
   return {};
}

} // namespace pmat::sandbox::launcher
