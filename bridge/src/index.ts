#!/usr/bin/env node
// SPDX-License-Identifier: MIT
/**
 * pmat-claude bridge worker: `node dist/index.js [--sandboxed]` (--sandboxed: refuse to start unless
 * confined, src/sandbox-check.ts). Speaks the framed protocol of
 * docs/bridge-protocol.md on stdin/stdout and asks Claude for code analyses. Logs go to stderr.
 */
import { readFileSync } from 'node:fs';
import { AgentSdkEngine } from './engines/agent-sdk.js';
import { isEngineName, type EngineName } from './engines/engine.js';
import { MessagesApiEngine } from './engines/messages-api.js';
import { DEFAULT_RETRY_POLICY } from './errors/retry.js';
import { guardConsole, log } from './log.js';
import { SANDBOX_REFUSED_EXIT, sandboxRefusal } from './sandbox-check.js';
import { BridgeServer } from './server/bridge-server.js';
import { BRIDGE_VERSION } from './version.js';

const DEFAULT_MODEL = 'claude-sonnet-5-5';
const DEFAULT_DEADLINE_MS = 120_000;

function defaultEngine(env: NodeJS.ProcessEnv): EngineName {
  const configured = env.PMAT_CLAUDE_ENGINE;
  if (configured === undefined || configured === '') return 'messages-api';
  if (isEngineName(configured)) return configured;
  log('warn', `PMAT_CLAUDE_ENGINE=${configured} is not an engine; using messages-api`);
  return 'messages-api';
}

function maxRetries(env: NodeJS.ProcessEnv): number {
  const value = Number(env.PMAT_CLAUDE_MAX_RETRIES ?? DEFAULT_RETRY_POLICY.maxRetries);
  return Number.isInteger(value) && value >= 0 && value <= 10 ? value : DEFAULT_RETRY_POLICY.maxRetries;
}

function readStatus(): string | null {
  try {
    return readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null;
  }
}

function main(): void {
  guardConsole();
  const sandboxed = process.argv.includes('--sandboxed');
  const refusal = sandboxed ? sandboxRefusal(readStatus()) : null;
  if (refusal !== null) {
    log('error', refusal);
    process.exit(SANDBOX_REFUSED_EXIT);
  }
  const env = process.env;
  const server = new BridgeServer(process.stdin, process.stdout, {
    engines: { 'messages-api': new MessagesApiEngine(env), 'agent-sdk': new AgentSdkEngine(env) },
    defaultEngine: defaultEngine(env),
    defaultModel: env.PMAT_CLAUDE_MODEL || DEFAULT_MODEL,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, maxRetries: maxRetries(env) },
    defaultDeadlineMs: DEFAULT_DEADLINE_MS,
    exitGraceMs: 3000,
  });
  process.on('SIGTERM', () => server.terminate('SIGTERM'));
  process.on('SIGINT', () => server.terminate('SIGINT'));
  process.on('uncaughtException', (error) => {
    log('error', `uncaught exception: ${error.stack ?? error.message}`);
    server.terminate(`bridge crashed: ${error.message}`, 1);
  });
  process.on('unhandledRejection', (reason) => log('error', `unhandled rejection: ${String(reason)}`));
  log('info', `pmat-claude-bridge ${BRIDGE_VERSION} started${sandboxed ? ' (sandboxed: no_new_privs and a seccomp filter confirmed)' : ''}`);
  void server.run().then((code) => {
    log('info', `exiting with status ${code}`);
    process.exit(code);
  });
}

main();
