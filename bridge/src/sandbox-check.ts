// SPDX-License-Identifier: MIT
/**
 * `--sandboxed` is a claim the plugin makes when it starts a worker through pmat-sandbox-exec.
 * The worker checks it against what the kernel reports for itself, so that a worker meant to
 * run confined never runs unconfined by mistake (a launcher dropped from a wrapper script, a
 * packaging change): it refuses to start instead.
 *
 * Evidence read from /proc/self/status, both of which the launcher always sets (its default
 * required layers include no_new_privs and seccomp; docs/security.md):
 *   NoNewPrivs: 1   the process cannot gain privileges through execve
 *   Seccomp:    2   a seccomp filter is installed (0 = none, 1 = strict mode)
 * Neither can be undone from inside, and a parent cannot fake them for a child without
 * actually confining it.
 */

/** The two confinement fields of a /proc/<pid>/status text; false when a field is absent. */
export function confinementOf(statusText: string): { noNewPrivs: boolean; seccompFilter: boolean } {
  const field = (name: string): string | undefined => statusText.match(new RegExp(`^${name}:\\s*(\\d+)\\s*$`, 'm'))?.[1];
  return { noNewPrivs: field('NoNewPrivs') === '1', seccompFilter: field('Seccomp') === '2' };
}

/**
 * Why a worker started with --sandboxed must not run, or null when the kernel confirms the
 * confinement. `statusText` is null when /proc/self/status could not be read (no /proc: not the
 * launcher's sandbox, which mounts one).
 */
export function sandboxRefusal(statusText: string | null): string | null {
  if (statusText === null) return 'started with --sandboxed, but /proc/self/status is unreadable';
  const { noNewPrivs, seccompFilter } = confinementOf(statusText);
  const missing = [noNewPrivs ? null : 'no_new_privs is not set', seccompFilter ? null : 'no seccomp filter is installed'].filter(Boolean);
  if (missing.length === 0) return null;
  return `started with --sandboxed, but this process is not confined (${missing.join(', ')}); run it through pmat-sandbox-exec, or without --sandboxed`;
}

/** Exit status of a refused start: EX_CONFIG from sysexits.h (the invocation is misconfigured). */
export const SANDBOX_REFUSED_EXIT = 78;
