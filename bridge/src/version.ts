// SPDX-License-Identifier: MIT
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function versionIn(packageJsonPath: string): string {
  try {
    return (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** This bridge's version, from bridge/package.json (dist/ sits next to it). */
export const BRIDGE_VERSION = versionIn(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'));

/** The Agent SDK actually installed (its package.json is not exported, so it is read from disk). */
export const AGENT_SDK_VERSION = versionIn(
  join(dirname(fileURLToPath(import.meta.resolve('@anthropic-ai/claude-agent-sdk'))), 'package.json'),
);

export const PROTOCOL_VERSION = 1;
