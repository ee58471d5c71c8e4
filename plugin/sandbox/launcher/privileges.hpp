// SPDX-License-Identifier: MIT
// Process hygiene steps, each returning "" or why it failed: the caller reports the layer.
// Also the one control-file writer the id maps and the cgroup setup share.
#pragma once

#include <cstdint>
#include <string>
#include <sys/types.h>

namespace pmat::sandbox::launcher {

inline constexpr uid_t k_nobody_uid = 65534;
inline constexpr gid_t k_nogroup_gid = 65534;

// Root's workers get a host uid and gid of their own, not the nobody that host daemons share:
// base + (launcher pid mod span). Launcher pids are unique while they run and the span covers the
// kernel's largest pid_max (2^22), so no two running workers share an id. The range
// 1879048192..1883242495 (0x70000000 + 2^22) lies in systemd's unused block (above the
// container range 524288..1879048191, below the "foreign" range at 2147352576; systemd's
// UIDS-GIDS.md), has no passwd entry and owns no file outside the sandboxes.
inline constexpr uid_t k_worker_id_base = 0x70000000U;
inline constexpr uid_t k_worker_id_span = 1U << 22;
// The unique host id of the worker this launcher (pid `launcher`) starts.
constexpr uid_t unique_worker_id(pid_t launcher) {
   return k_worker_id_base + static_cast<uid_t>(launcher) % k_worker_id_span;
}
// True when `id` exists in this process's user namespace: listed by the id map text of
// /proc/self/uid_map or gid_map ("inside outside count" lines). A root launcher in a container
// whose namespace maps only 65536 ids cannot hand out unique_worker_id: it falls back to nobody.
bool id_is_mapped(const std::string &id_map_text, std::uint32_t id);
// unique_worker_id(launcher) when both /proc/self/uid_map and gid_map map it, else 65534.
uid_t worker_host_id(pid_t launcher);

// PR_SET_PDEATHSIG(SIGKILL), then checks the parent did not die before it took effect.
// `expected_parent` 0 = "any parent but init" (the launcher does not know its parent's pid).
std::string die_with_parent(pid_t expected_parent);
// PR_SET_PDEATHSIG(SIGKILL) again after an identity switch: changing the uid or gid clears it
// (prctl(2)), which let a sandbox outlive a killed host. Whether the launcher died in between is
// read from `launcher_channel` (the launcher holds its other end until it exits), because
// getppid() reads 0 inside a pid namespace.
std::string die_with_launcher(int launcher_channel);
// setsid(): a new session without a controlling terminal, so TIOCSTI has nothing to type into.
std::string new_session();
// Clears supplementary groups and switches real, effective and saved ids to uid/gid.
std::string become(uid_t uid, gid_t gid);
// Writes `text` to an existing file (a /proc or cgroup control file) in one write(2); "" or
// "<path>: <errno text>".
std::string write_existing_file(const std::string &path, const std::string &text);
// Closes every fd above 2 except `keep` (-1 for none).
std::string close_inherited_fds(int keep);
// Empties the bounding and ambient sets and the effective/permitted/inheritable sets; then
// verifies nothing is left.
std::string drop_capabilities();
std::string set_no_new_privs();
// Unblocks every signal and restores default dispositions (the supervisor blocked some).
void reset_signals();

} // namespace pmat::sandbox::launcher
