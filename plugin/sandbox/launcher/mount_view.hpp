// The payload's read-only view of the filesystem, built inside a new mount namespace: an empty
// tmpfs root holding read-only binds of the shared libraries, a few /etc files, five device
// nodes, the paths given with --ro-bind (node, the bridge), a private /proc, a small private
// /tmp, and the worker's home at /sandbox: a size-capped tmpfs (noexec) of its own, so nothing it
// writes reaches the host's disk, another worker or a later one. No /bin, /usr/bin or /home:
// nothing else can be executed or read.
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

namespace pmat::sandbox::launcher {

struct ViewSpec {
   std::uint64_t home_mib = 256;      // size of the /sandbox tmpfs (counted in the cgroup)
   std::vector<std::string> ro_binds; // host paths, read-only at the same path (skipped when
                                      // already visible through an earlier bind)
   bool fresh_proc = true;            // mount a new proc (pid namespace) or bind the host's
   std::string egress_host;           // name to resolve to 127.0.0.1 in /etc/hosts ("" = none)
   uid_t uid = 65534;                 // the payload's ids, for /etc/passwd and /etc/group
   gid_t gid = 65534;
};

// "" when the view is in place and / is read-only; otherwise what failed.
std::string build_view(const ViewSpec &spec);

} // namespace pmat::sandbox::launcher
