// What a killed launcher leaves behind (its private directory, its cgroup) carries its pid in the
// name, so that a later launch can tell it is orphaned and remove it.
#pragma once

namespace pmat::sandbox::launcher {

// True when `name` is `<prefix><pid>` or `<prefix><pid>-...` and no process has that pid any
// more (kill(pid, 0) fails with ESRCH). Never true for the caller's own pid.
bool launcher_gone(const char *name, const char *prefix);

} // namespace pmat::sandbox::launcher
