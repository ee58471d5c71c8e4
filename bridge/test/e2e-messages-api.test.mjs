// End to end through the Messages API engine (@anthropic-ai/sdk, streaming) against the fake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { defineEngineScenarios } from './e2e-scenarios.mjs';
import { startFakeAnthropic } from './fake-anthropic.mjs';
import { assertLoopback } from './support.mjs';

defineEngineScenarios('messages-api', { requestsPerFailedAttempt: {}, retryAfterVisible: true, cliValidatesSchema: false });

test('messages-api: an SSE error event after HTTP 200 is classified (overloaded) and retried', async () => {
  const { spawnBridge, bridgeEnv, sampleFile } = await import('./support.mjs');
  const fake = await startFakeAnthropic();
  const client = spawnBridge(bridgeEnv(fake.url));
  try {
    await client.handshake({ engine: 'messages-api' });
    fake.script('sse_error');
    const reply = await client.call('analyze', { files: [sampleFile()] });
    assert.equal(reply.status, 'success', JSON.stringify(reply));
    assert.equal(fake.requestCount, 2);
    const notice = client.frames.find((frame) => frame.event === 'api_retry');
    assert.equal(notice.error, 'overloaded_error');
  } finally {
    client.closeInput();
    await client.exited;
    await fake.close();
  }
});

test('the fake answers non-streaming requests too (the CLI falls back to them)', async () => {
  const fake = await startFakeAnthropic();
  try {
    assertLoopback(fake.url);
    const sdk = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
    const message = await sdk.messages.create({
      model: 'claude-sonnet-5-5',
      max_tokens: 1000,
      messages: [{ role: 'user', content: 'Review <file path="a.c">' }],
      tools: [{ name: 'StructuredOutput', input_schema: { type: 'object' } }],
    });
    assert.equal(message.content[0].type, 'tool_use');
    assert.equal(message.content[0].input.files[0].path, 'a.c');
  } finally {
    await fake.close();
  }
});

test('tests refuse a non-loopback Anthropic base URL', () => {
  assert.throws(() => assertLoopback('https://api.anthropic.com'), /not loopback/);
  assert.throws(() => assertLoopback('http://10.0.0.1:8080'), /not loopback/);
  assertLoopback('http://127.0.0.1:1234');
  assertLoopback('http://localhost:1234');
});
