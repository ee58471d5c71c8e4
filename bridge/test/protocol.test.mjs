// The protocol through the real built bridge as a child process: handshake rules, ping, bad
// input, several requests in flight, cancel, deadline, shutdown, EOF and SIGTERM.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeFrame } from '../dist/frame/codec.js';
import { startFakeAnthropic } from './fake-anthropic.mjs';
import { bridgeEnv, sampleFile, spawnBridge } from './support.mjs';

let fake;
const clients = [];

before(async () => {
  fake = await startFakeAnthropic();
});

after(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await fake.close();
});

function bridge(extraEnv) {
  const client = spawnBridge(bridgeEnv(fake.url, extraEnv));
  clients.push(client);
  return client;
}

test('handshake: negotiates the frame size and reports versions and capabilities', async () => {
  const client = bridge();
  const payload = await client.handshake({ max_frame_bytes: 65536 });
  assert.equal(payload.protocol_version, 1);
  assert.equal(payload.max_frame_bytes, 65536);
  assert.equal(payload.sdk_version, '0.3.332');
  assert.match(payload.bridge_version, /^\d+\.\d+\.\d+$/);
  for (const capability of ['analyze', 'batch', 'cancel', 'deadline', 'engine:agent-sdk', 'engine:messages-api']) {
    assert.ok(payload.capabilities.includes(capability), capability);
  }
  assert.equal(payload.engine, 'messages-api');
  client.closeInput();
  assert.deepEqual(await client.exited, { code: 0, signal: null });
});

test('a request before the handshake is answered with 1002 and the connection stays usable', async () => {
  const client = bridge();
  const early = await client.call('ping');
  assert.equal(early.status, 'error');
  assert.equal(early.payload.code, 1002);
  assert.match(early.payload.message, /first request must be "handshake"/);
  await client.handshake();
  assert.deepEqual((await client.call('ping')).payload, { pong: true });
  client.closeInput();
  assert.equal((await client.exited).code, 0);
});

test('an unsupported protocol version is refused, naming both versions', async () => {
  const client = bridge();
  const reply = await client.call('handshake', { protocol_version: 7 });
  assert.equal(reply.payload.code, 1002);
  assert.match(reply.payload.message, /7.*version 1/);
  client.closeInput();
  await client.exited;
});

test('unknown methods, bad params and duplicate handshakes get clear errors, not a crash', async () => {
  const client = bridge();
  await client.handshake();
  assert.match((await client.call('teleport')).payload.message, /unknown method "teleport"/);
  assert.match((await client.call('analyze', { files: [] })).payload.message, /files must be a non-empty array/);
  assert.match((await client.call('handshake', { protocol_version: 1 })).payload.message, /already done/);
  assert.match((await client.call('cancel', {})).payload.message, /target_id/);
  client.send({ method: 'ping' });
  const notice = await client.waitFor((frame) => frame.event === 'log');
  assert.match(notice.message, /without a valid request id/);
  assert.deepEqual((await client.call('ping')).payload, { pong: true });
  client.closeInput();
  assert.equal((await client.exited).code, 0);
});

test('a malformed frame is reported on the wire and in the log; in-flight work still gets its answer', async () => {
  const client = bridge();
  await client.handshake();
  fake.setDefault({ kind: 'ok' });
  fake.reset();
  const analyzeId = client.request('analyze', { files: [sampleFile()] });
  client.writeRaw(Buffer.from('BADMAGIC_______________', 'ascii'));
  const notice = await client.waitFor((frame) => frame.event === 'log' && frame.code === 1002);
  assert.match(notice.message, /FramingError.*bad frame magic/);
  const answer = await client.response(analyzeId);
  assert.equal(answer.status, 'success');
  assert.equal((await client.exited).code, 2);
  assert.match(client.stderr, /fatal protocol error/);
});

test('end of input inside a frame is reported as PipeBrokenPipe', async () => {
  const client = bridge();
  await client.handshake();
  client.writeRaw(encodeFrame(1n, { id: 9, method: 'ping', params: {} }).subarray(0, 20));
  client.closeInput();
  const notice = await client.waitFor((frame) => frame.event === 'log' && frame.code === 1001);
  assert.match(notice.message, /PipeBrokenPipe/);
  assert.equal((await client.exited).code, 2);
});

test('before the handshake a frame above 1 MiB is refused as MessageTooLarge', async () => {
  const client = bridge();
  client.send({ id: 1, method: 'handshake', params: { protocol_version: 1, pad: 'x'.repeat(1024 * 1024 + 10) } });
  const notice = await client.waitFor((frame) => frame.event === 'log' && frame.code === 1003);
  assert.match(notice.message, /MessageTooLarge/);
  assert.equal((await client.exited).code, 2);
});

test('several requests in flight: answers come back by id, in any order; pings are not held up', async () => {
  const client = bridge();
  await client.handshake();
  fake.reset();
  fake.setDefault({ kind: 'ok' });
  fake.script('hang');
  const slow = client.request('analyze', { files: [sampleFile('slow.c')] }, { deadline_ms: 4000 });
  // The fake hands 'hang' to whichever request reaches it first: let the slow one get there.
  // Bounded: on a loaded machine a slow start could otherwise spin here forever.
  const reachBy = Date.now() + 3500;
  while (fake.requestCount < 1) {
    assert.ok(Date.now() < reachBy, 'the slow request never reached the fake API');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const fast = client.request('analyze', { files: [sampleFile('fast.c')] });
  const ping = client.request('ping');
  const pong = await client.response(ping);
  assert.deepEqual(pong.payload, { pong: true });
  const fastAnswer = await client.response(fast);
  assert.equal(fastAnswer.status, 'success');
  assert.equal(fastAnswer.payload.files[0].path, 'fast.c');
  const slowAnswer = await client.response(slow);
  assert.equal(slowAnswer.status, 'timeout');
  assert.ok(slowAnswer.payload.elapsed_ms >= 4000 && slowAnswer.payload.elapsed_ms < 7500, `elapsed ${slowAnswer.payload.elapsed_ms}`);
  client.closeInput();
  assert.equal((await client.exited).code, 0);
});

test('cancel: the target answers 2001 at once, cancel answers whether it found it', async () => {
  const client = bridge();
  await client.handshake();
  fake.reset();
  fake.script('hang');
  const target = client.request('analyze', { files: [sampleFile()] });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = Date.now();
  const cancel = await client.call('cancel', { target_id: target });
  assert.deepEqual(cancel.payload, { cancelled: true });
  const answer = await client.response(target);
  assert.equal(answer.status, 'error');
  assert.equal(answer.payload.code, 2001);
  assert.match(answer.payload.message, /cancelled by request/);
  assert.ok(Date.now() - started < 1000);
  assert.deepEqual((await client.call('cancel', { target_id: 4242 })).payload, { cancelled: false });
  client.closeInput();
  assert.equal((await client.exited).code, 0);
});

test('shutdown: in-flight work finishes first, then {} and exit 0', async () => {
  const client = bridge();
  await client.handshake();
  fake.reset();
  fake.setDefault({ kind: 'ok' });
  const work = client.request('analyze', { files: [sampleFile()] });
  const shutdown = client.request('shutdown');
  const workAnswer = await client.response(work);
  const shutdownAnswer = await client.response(shutdown);
  assert.equal(workAnswer.status, 'success');
  assert.deepEqual(shutdownAnswer.payload, {});
  assert.deepEqual(await client.exited, { code: 0, signal: null });
});

test('SIGTERM: in-flight requests are answered as stopped (2002), stdout is flushed, exit 0', async () => {
  const client = bridge();
  await client.handshake();
  fake.reset();
  fake.script('hang');
  const work = client.request('analyze', { files: [sampleFile()] });
  await new Promise((resolve) => setTimeout(resolve, 200));
  client.child.kill('SIGTERM');
  const answer = await client.response(work);
  assert.equal(answer.payload.code, 2002);
  assert.match(answer.payload.message, /SIGTERM/);
  assert.deepEqual(await client.exited, { code: 0, signal: null });
  assert.equal(client.decodeError, null, 'stdout carried nothing but frames');
});
