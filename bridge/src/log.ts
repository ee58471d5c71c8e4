// SPDX-License-Identifier: MIT
/**
 * Logging goes to stderr only: stdout carries nothing but frames. The plugin copies stderr into
 * the host's log.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const threshold = LEVEL_RANK[(process.env.PMAT_BRIDGE_LOG_LEVEL as LogLevel) ?? 'info'] ?? LEVEL_RANK.info;

export function log(level: LogLevel, message: string): void {
  if (LEVEL_RANK[level] < threshold) return;
  process.stderr.write(`${new Date().toISOString()} pmat-claude-bridge[${process.pid}] ${level}: ${message}\n`);
}

/**
 * Sends every console method to stderr. Libraries (or a stray debugging line) that call
 * console.log would otherwise write text into the frame stream and corrupt it for the plugin.
 */
export function guardConsole(): void {
  const toStderr = (...args: unknown[]): void => {
    process.stderr.write(`${args.map((arg) => (typeof arg === 'string' ? arg : safeInspect(arg))).join(' ')}\n`);
  };
  for (const method of ['log', 'info', 'debug', 'warn', 'error', 'trace', 'dir'] as const) {
    (console as unknown as Record<string, unknown>)[method] = toStderr;
  }
}

function safeInspect(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
