// SPDX-License-Identifier: MIT
#include "version.hpp"

namespace pmat::plugin {

const char k_plugin_version[] = PMAT_PLUGIN_VERSION;

} // namespace pmat::plugin
