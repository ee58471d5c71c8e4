// Supervision: the launcher waits for the sandbox, forwarding the pool's signals and relaying
// egress; the sandbox-init (pid 1 of the pid namespace) reaps orphans and forwards signals to
// the payload. Both hand the payload's wait status up, so the pool sees the payload's own exit
// code or death signal.
#pragma once

#include <csignal>
#include <sys/types.h>

namespace pmat::sandbox::launcher {

struct Endpoint;

// The signals passed on to the payload; blocked in the launcher before it forks.
sigset_t forwarded_signals();
void block_forwarded_signals();

// Launcher side. `listener` is the egress listener (-1 for none), relayed within RelayLimits
// (egress.hpp); `channel` the launcher end.
// Returns the status to mirror: the payload's (sent by sandbox-init) or the child's own.
int supervise_child(pid_t child, int channel, int listener, const Endpoint *endpoint);

// Sandbox-init side (pid 1): waits for `payload`, sends its status on `channel`, exits.
[[noreturn]] void run_init_loop(pid_t payload, int channel);

// Ends the calling process the way `status` says: the same exit code, or the same signal.
[[noreturn]] void exit_like(int status);

} // namespace pmat::sandbox::launcher
