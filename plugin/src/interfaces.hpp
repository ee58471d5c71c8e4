// SPDX-License-Identifier: MIT
// The plugin's interface tables, each defined next to its implementation.
#pragma once

#include <pmat/plugin_api.h>

namespace pmat::plugin {

const pmat_analyzer *analyzer_interface();
const pmat_cache *cache_interface();
const pmat_metrics *metrics_interface();
const pmat_state *state_interface();
const pmat_control *control_interface();

} // namespace pmat::plugin
