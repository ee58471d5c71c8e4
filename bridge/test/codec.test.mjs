// SPDX-License-Identifier: MIT
// Frame codec against the shared vectors (bridge/test-vectors/frames.json), which the C++ codec
// tests read too, plus the writer's backpressure handling.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { DEFAULT_MAX_PAYLOAD, FrameDecoder, encodeFrame } from '../dist/frame/codec.js';
import { FrameWriter } from '../dist/frame/writer.js';
import { ErrorCode } from '../dist/errors/error-codes.js';
import { BRIDGE_DIR } from './support.mjs';

const vectors = JSON.parse(readFileSync(join(BRIDGE_DIR, 'test-vectors', 'frames.json'), 'utf8'));

/** Feeds `bytes` split at the given offsets; returns the decoded frames, or the error thrown. */
function decodeSplit(bytes, cuts, maxPayload = DEFAULT_MAX_PAYLOAD) {
  const decoder = new FrameDecoder(maxPayload);
  const frames = [];
  let start = 0;
  try {
    for (const end of [...cuts, bytes.length]) {
      decoder.push(bytes.subarray(start, end));
      start = end;
      for (let frame = decoder.next(); frame; frame = decoder.next()) frames.push(frame);
    }
    decoder.finish();
  } catch (error) {
    return { frames, error };
  }
  return { frames, error: null };
}

function asPlain(frames) {
  return frames.map((frame) => ({ sequence: Number(frame.sequence), payload: frame.payload }));
}

/** Every single split point for small vectors; a stride plus the edges for large ones. */
function splitPoints(length) {
  const stride = length > 600 ? 37 : 1;
  const points = new Set([1, 15, 16, 17, length - 1]);
  for (let cut = 1; cut < length; cut += stride) points.add(cut);
  return [...points].filter((cut) => cut > 0 && cut < length);
}

for (const vector of vectors.valid) {
  test(`valid vector ${vector.name}: decodes in one chunk`, () => {
    const { frames, error } = decodeSplit(Buffer.from(vector.hex, 'hex'), []);
    assert.equal(error, null);
    assert.deepEqual(asPlain(frames), vector.frames);
  });

  test(`valid vector ${vector.name}: decodes at every split point and byte by byte`, () => {
    const bytes = Buffer.from(vector.hex, 'hex');
    for (const cut of splitPoints(bytes.length)) {
      const { frames, error } = decodeSplit(bytes, [cut]);
      assert.equal(error, null, `split at ${cut}`);
      assert.deepEqual(asPlain(frames), vector.frames, `split at ${cut}`);
    }
    const everyByte = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    assert.deepEqual(asPlain(decodeSplit(bytes, everyByte).frames), vector.frames);
  });

  test(`valid vector ${vector.name}: the encoder produces the same bytes`, () => {
    const encoded = Buffer.concat(vector.frames.map((frame) => encodeFrame(BigInt(frame.sequence), frame.payload)));
    assert.equal(encoded.toString('hex'), vector.hex);
  });
}

for (const vector of vectors.invalid) {
  const expected = ErrorCode[vector.error];
  test(`invalid vector ${vector.name}: fails with ${vector.error}`, () => {
    const bytes = Buffer.from(vector.hex, 'hex');
    const { error } = decodeSplit(bytes, [], vector.max_payload ?? DEFAULT_MAX_PAYLOAD);
    assert.ok(error, 'decoding must fail');
    assert.equal(error.code, expected, error.message);
  });

  test(`invalid vector ${vector.name}: fails the same way when split`, () => {
    const bytes = Buffer.from(vector.hex, 'hex');
    for (const cut of splitPoints(bytes.length)) {
      const { error } = decodeSplit(bytes, [cut], vector.max_payload ?? DEFAULT_MAX_PAYLOAD);
      assert.equal(error?.code, expected, `split at ${cut}`);
    }
  });
}

test('a failed decoder keeps failing: nothing after a bad frame is trusted', () => {
  const decoder = new FrameDecoder();
  decoder.push(Buffer.from('ABCD000000000000', 'ascii'));
  assert.throws(() => decoder.next(), (error) => error.code === ErrorCode.FramingError);
  decoder.push(encodeFrame(0n, { id: 1 }));
  assert.throws(() => decoder.next(), (error) => error.code === ErrorCode.FramingError);
});

test('oversize length is rejected from the header alone, before the payload arrives', () => {
  const decoder = new FrameDecoder(1024);
  const header = encodeFrame(0n, { data: 'x'.repeat(2000) }).subarray(0, 16);
  decoder.push(header);
  assert.throws(() => decoder.next(), (error) => error.code === ErrorCode.MessageTooLarge);
});

test('the encoder refuses a payload above the maximum', () => {
  assert.throws(() => encodeFrame(0n, { data: 'x'.repeat(100) }, 50), (error) => error.code === ErrorCode.MessageTooLarge);
});

test('a 5 MiB frame split into pipe-sized chunks decodes once, intact', () => {
  const content = 'y'.repeat(5 * 1024 * 1024);
  const bytes = encodeFrame(0n, { content });
  const cuts = [];
  for (let cut = 65536; cut < bytes.length; cut += 65536) cuts.push(cut);
  const { frames, error } = decodeSplit(bytes, cuts);
  assert.equal(error, null);
  assert.equal(frames.length, 1);
  assert.equal(frames[0].payload.content.length, content.length);
});

/** A sink that accepts a few bytes, then reports backpressure until the test releases it. */
function slowSink() {
  const received = [];
  const pending = [];
  const sink = new Writable({
    highWaterMark: 64,
    write(chunk, _encoding, callback) {
      received.push(Buffer.from(chunk));
      pending.push(callback);
    },
  });
  const release = () => {
    while (pending.length > 0) pending.shift()();
  };
  return { sink, received, release };
}

test('writer: frames wait for drain once write() says stop, and keep their order', async () => {
  const { sink, received, release } = slowSink();
  const writer = new FrameWriter(sink);
  let writes = 0;
  const originalWrite = sink.write.bind(sink);
  sink.write = (...args) => {
    writes += 1;
    return originalWrite(...args);
  };
  for (let index = 0; index < 20; index += 1) writer.send({ index, padding: 'p'.repeat(100) });
  assert.equal(writes, 1, 'after the first write() returned false nothing more is written');
  const flushed = writer.flush();
  const pump = setInterval(release, 1);
  await flushed;
  clearInterval(pump);
  const decoder = new FrameDecoder();
  decoder.push(Buffer.concat(received));
  const indices = [];
  for (let frame = decoder.next(); frame; frame = decoder.next()) indices.push(frame.payload.index);
  assert.deepEqual(indices, Array.from({ length: 20 }, (_, index) => index));
});

test('writer: an error on the stream (EPIPE) stops writing instead of throwing', async () => {
  const sink = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  });
  const writer = new FrameWriter(sink);
  writer.send({ id: 1 });
  await new Promise((resolve) => setImmediate(resolve));
  writer.send({ id: 2 });
  await writer.flush();
  assert.equal(writer.framesSent, 2n);
});
