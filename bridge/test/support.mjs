// SPDX-License-Identifier: MIT
// Test helpers: spawn the real built bridge as a child process and speak frames to it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FrameDecoder, encodeFrame } from '../dist/frame/codec.js';

export const BRIDGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BRIDGE_ENTRY = join(BRIDGE_DIR, 'dist', 'index.js');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Refuses any Anthropic base URL that is not on this machine's loopback: the tests must never
 * reach the real API, whatever the environment they run in says.
 */
export function assertLoopback(baseUrl) {
  const { hostname } = new URL(baseUrl);
  if (!LOOPBACK_HOSTS.has(hostname) && !/^127\.\d+\.\d+\.\d+$/.test(hostname)) {
    throw new Error(`refusing to run: ANTHROPIC_BASE_URL ${baseUrl} is not loopback`);
  }
}

/** Environment for a bridge under test: the parent's minus every Anthropic credential, plus the fake. */
export function bridgeEnv(fakeUrl, extra = {}) {
  assertLoopback(fakeUrl);
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(ANTHROPIC_|CLAUDE_)/.test(key)) env[key] = value;
  }
  return {
    ...env,
    ANTHROPIC_BASE_URL: fakeUrl,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    PMAT_CLAUDE_MODEL: 'claude-sonnet-5-5',
    ...extra,
  };
}

/** A client end of the protocol over a spawned bridge. */
export class BridgeClient {
  constructor(child) {
    this.child = child;
    this.sequence = 0n;
    this.nextId = 1;
    this.decoder = new FrameDecoder(16 * 1024 * 1024);
    this.frames = [];
    this.waiters = [];
    this.stderr = '';
    this.decodeError = null;
    child.stdout.on('data', (chunk) => this.onData(chunk));
    child.stderr.on('data', (chunk) => (this.stderr += chunk.toString()));
    // The bridge stops reading after a fatal frame; the rest of a large write then fails with EPIPE.
    this.stdinError = null;
    child.stdin.on('error', (error) => (this.stdinError = error));
    this.exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  }

  onData(chunk) {
    this.decoder.push(chunk);
    try {
      for (let frame = this.decoder.next(); frame; frame = this.decoder.next()) this.frames.push(frame.payload);
    } catch (error) {
      this.decodeError = error;
    }
    this.wake();
  }

  wake() {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Writes raw bytes (for malformed-input tests). */
  writeRaw(bytes) {
    this.child.stdin.write(bytes);
  }

  send(message) {
    const frame = encodeFrame(this.sequence, message);
    this.sequence += 1n;
    this.child.stdin.write(frame);
  }

  request(method, params = {}, extra = {}) {
    const id = this.nextId++;
    this.send({ id, method, params, ...extra });
    return id;
  }

  /** Waits for the first frame matching `predicate`, removing it from the inbox. */
  async waitFor(predicate, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(predicate);
      if (index >= 0) return this.frames.splice(index, 1)[0];
      if (Date.now() > deadline) throw new Error(`timed out waiting for a frame; got ${JSON.stringify(this.frames)}; stderr: ${this.stderr.slice(-2000)}`);
      await new Promise((resolve) => {
        const timer = setTimeout(done, Math.max(1, deadline - Date.now()));
        this.waiters.push(done);
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
      this.waiters = [];
    }
  }

  response(id, timeoutMs) {
    return this.waitFor((frame) => frame.id === id, timeoutMs);
  }

  async call(method, params = {}, extra = {}, timeoutMs = 20000) {
    return this.response(this.request(method, params, extra), timeoutMs);
  }

  async handshake(params = {}) {
    const reply = await this.call('handshake', { protocol_version: 1, max_frame_bytes: 16 * 1024 * 1024, client: 'test', ...params });
    if (reply.status !== 'success') throw new Error(`handshake failed: ${JSON.stringify(reply)}`);
    return reply.payload;
  }

  closeInput() {
    this.child.stdin.end();
  }

  /** Ends the child if it is still running, and waits for it. */
  async dispose() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** The built bridge as a child, unconfined (so without --sandboxed, which it would refuse). */
export function spawnBridge(env, args = []) {
  const child = spawn(process.execPath, [BRIDGE_ENTRY, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  return new BridgeClient(child);
}

export function sampleFile(path = 'src/a.c') {
  return { path, language: 'c', content: 'int main(void) {\n  return 0;\n}\n' };
}
