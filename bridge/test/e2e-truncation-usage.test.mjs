// Truncation and usage through the Messages API engine, against the fake, whose answers stop at
// max_tokens when they need more tokens than the request allows (one token per 4 characters).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeAnthropic } from './fake-anthropic.mjs';
import { bridgeEnv, sampleFile, spawnBridge } from './support.mjs';

let fake;
let client;

before(async () => {
  fake = await startFakeAnthropic();
  client = spawnBridge(bridgeEnv(fake.url, { PMAT_CLAUDE_MAX_RETRIES: '0' }));
  await client.handshake({ engine: 'messages-api' });
});

after(async () => {
  client.closeInput();
  await client.exited;
  await fake.close();
});

async function analyze(behaviours, params) {
  fake.reset();
  fake.setDefault('ok');
  fake.script(...behaviours);
  return client.call('analyze', params, {}, 30000);
}

const files = (n) => Array.from({ length: n }, (_, i) => sampleFile(`src/f${i}.c`));

test('a batch cut at max_tokens is split in halves; every file is answered, nothing partial', async () => {
  // 4 files x 450 tokens do not fit 4 x 300; 2 x 450 fit the same budget.
  const verbose = { kind: 'ok', fileTokens: 450 };
  const reply = await analyze([verbose, verbose, verbose], { files: files(4), max_output_tokens: 1200 });
  assert.equal(reply.status, 'success', JSON.stringify(reply).slice(0, 500));
  assert.deepEqual(reply.payload.files.map((file) => file.path), files(4).map((file) => file.path));
  assert.ok(reply.payload.files.every((file) => file.analysis), 'every file answered');
  assert.equal(reply.payload.truncated_attempts, 1);
  assert.equal(fake.requestCount, 3, 'the batch, then its two halves');
  assert.deepEqual(fake.messageRequests.map((request) => request.stopReason), ['max_tokens', 'tool_use', 'tool_use']);
  assert.deepEqual(fake.messageRequests.map((request) => request.body.max_tokens), [1200, 1200, 1200]);
});

test('a single file cut at max_tokens is asked again with twice the budget, and answered', async () => {
  const verbose = { kind: 'ok', fileTokens: 450 };
  const reply = await analyze([verbose, verbose], { files: files(1), max_output_tokens: 300 });
  assert.equal(reply.status, 'success', JSON.stringify(reply).slice(0, 500));
  assert.deepEqual(fake.messageRequests.map((request) => request.body.max_tokens), [300, 600]);
  assert.equal(reply.payload.truncated_attempts, 1);
});

test('a single file still cut with the larger budget fails as truncated (2002, reason truncated)', async () => {
  const verbose = { kind: 'ok', fileTokens: 2000 };
  const reply = await analyze([verbose, verbose], { files: files(1), max_output_tokens: 300 });
  assert.equal(reply.status, 'error', JSON.stringify(reply).slice(0, 500));
  assert.equal(reply.payload.code, 2002);
  assert.equal(reply.payload.reason, 'truncated');
  assert.equal(fake.requestCount, 2);
});

test('the larger budget never passes the model limit; at the limit there is no second try', async () => {
  const verbose = { kind: 'ok', fileTokens: 2000 };
  const reply = await analyze([verbose], { files: files(1), max_output_tokens: 300, max_output_tokens_limit: 300 });
  assert.equal(reply.payload.reason, 'truncated');
  assert.equal(fake.requestCount, 1);
});

test('usage carries the API field names and sums every attempt, truncated ones included', async () => {
  const verbose = { kind: 'ok', fileTokens: 450 };
  const reply = await analyze([verbose, verbose, verbose], { files: files(4), max_output_tokens: 1200 });
  assert.equal(reply.status, 'success');
  assert.deepEqual(reply.payload.usage, fake.usageTotals);
  assert.ok(reply.payload.usage.input_tokens > 0 && reply.payload.usage.output_tokens >= 1200);
  assert.deepEqual(Object.keys(reply.payload.usage).sort(), ['cache_creation_input_tokens', 'cache_read_input_tokens', 'input_tokens', 'output_tokens']);
});

test('without max_output_tokens the budget is sized from the batch: 4096 per file, capped by the limit', async () => {
  await analyze([], { files: files(3) });
  assert.equal(fake.messageRequests[0].body.max_tokens, 3 * 4096);
  await analyze([], { files: files(3), max_output_tokens_limit: 8000 });
  assert.equal(fake.messageRequests[0].body.max_tokens, 8000);
});
