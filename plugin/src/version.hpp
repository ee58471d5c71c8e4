// SPDX-License-Identifier: MIT
// The plugin's version string. Defined in version.cpp, which each plugin build compiles with its
// own PMAT_PLUGIN_VERSION; everything else is compiled once and shared by every build (the
// release module, the test variant that differs only in its version, the unit-test library).
#pragma once

namespace pmat::plugin {

// Static storage, valid for the life of the loaded module.
extern const char k_plugin_version[];

} // namespace pmat::plugin
