// SPDX-License-Identifier: MIT
// Drives the real bridge through handshake, ping and one analyze per engine against the fake
// Anthropic API on 127.0.0.1, with the bridge started under a wrapper command (normally strace),
// so the syscalls a real worker makes can be collected into the seccomp allow-list.
//
//   node plugin/sandbox/policy/trace/trace-bridge.mjs -- strace -f -qq -o /tmp/bridge.trace
//
// Everything after `--` is prepended to `node bridge/dist/index.js` (plus --sandboxed when the
// wrapper is pmat-sandbox-exec: outside it the bridge would refuse that flag); `{FAKE}` in it
// becomes the fake's 127.0.0.1:PORT (to run the bridge through pmat-sandbox-exec --egress).
import { spawn } from 'node:child_process';
import { startFakeAnthropic } from '../../../../bridge/test/fake-anthropic.mjs';
import { BRIDGE_ENTRY, BridgeClient, bridgeEnv, sampleFile } from '../../../../bridge/test/support.mjs';

const wrapper = process.argv.slice(process.argv.indexOf('--') + 1);
const fake = await startFakeAnthropic();
const endpoint = `127.0.0.1:${fake.port}`;
const wrapped = wrapper.map((arg) => arg.replaceAll('{FAKE}', endpoint));
const sandboxed = wrapped.some((arg) => arg.includes('pmat-sandbox-exec')) ? ['--sandboxed'] : [];
const [command, ...args] = [...wrapped, process.execPath, BRIDGE_ENTRY, ...sandboxed];
const child = spawn(command, args, { env: bridgeEnv(fake.url), stdio: ['pipe', 'pipe', 'pipe'] });
const client = new BridgeClient(child);
try {
  await client.handshake();
  const pong = await client.call('ping');
  console.log('ping', JSON.stringify(pong.payload));
  for (const engine of ['messages-api', 'agent-sdk']) {
    const reply = await client.call('analyze', { files: [sampleFile()], engine }, {}, 60000);
    console.log(engine, reply.status, reply.status === 'success' ? reply.payload.files?.[0]?.path : JSON.stringify(reply.payload));
  }
  await client.call('shutdown');
} finally {
  client.closeInput();
  const { code, signal } = await client.exited;
  console.log('bridge exited', code, signal);
  if (code !== 0) console.log(client.stderr.slice(-3000));
  await fake.close();
}
