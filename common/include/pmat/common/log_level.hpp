// SPDX-License-Identifier: MIT
// One set of log levels for every part of the plugin. The values are pmat_log_level's
// (plugin-api), so a level crosses to the host with a static_cast.
#pragma once

namespace pmat::common {

enum class LogLevel : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4 };

} // namespace pmat::common
