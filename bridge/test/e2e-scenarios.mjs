// End-to-end scenarios shared by both engines: real bridge process -> real SDK -> fake Messages
// API on loopback -> back. Each engine's test file runs them with its own expectations.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analysisFor } from './fake-anthropic.mjs';
import { startFakeAnthropic } from './fake-anthropic.mjs';
import { bridgeEnv, sampleFile, spawnBridge } from './support.mjs';

/**
 * @param {'messages-api'|'agent-sdk'} engine
 * @param {{requestsPerFailedAttempt: Record<string, number>}} expectations  HTTP requests one
 *   failed attempt makes (the CLI retries malformed/disconnected streams once without streaming).
 */
export function defineEngineScenarios(engine, expectations) {
  let fake;
  let client;

  before(async () => {
    fake = await startFakeAnthropic();
    client = spawnBridge(bridgeEnv(fake.url));
    const handshake = await client.handshake({ engine });
    assert.equal(handshake.engine, engine);
  });

  after(async () => {
    client.closeInput();
    const exit = await client.exited;
    await fake.close();
    assert.deepEqual(exit, { code: 0, signal: null });
  });

  async function analyze(behaviours, params = {}, extra = {}) {
    fake.reset();
    fake.setDefault('ok');
    fake.script(...behaviours);
    client.frames.length = 0;
    return client.call('analyze', { files: [sampleFile()], ...params }, extra, 30000);
  }

  const perAttempt = (kind) => expectations.requestsPerFailedAttempt[kind] ?? 1;

  test(`${engine}: a batch is analysed and split back per file`, async () => {
    const files = [sampleFile('src/one.c'), sampleFile('src/two.c'), sampleFile('lib/three.c')];
    const reply = await analyze([], { files });
    assert.equal(reply.status, 'success', JSON.stringify(reply));
    assert.equal(reply.payload.engine, engine);
    assert.deepEqual(reply.payload.files.map((file) => file.path), files.map((file) => file.path));
    for (const file of reply.payload.files) {
      assert.equal(file.analysis.risk, 'low');
      assert.equal(file.analysis.findings[0].line, 1);
      assert.equal(file.analysis.findings[0].severity, 'warning');
      assert.ok(file.analysis.findings[0].suggestion);
    }
    assert.equal(fake.requestCount, 1, 'one API request for the whole batch');
    assert.deepEqual(reply.payload.usage, fake.usageTotals, 'usage: what the API reported, under its field names');
    const sent = fake.messageRequests[0].body;
    assert.ok(sent.tools.some((tool) => tool.name === 'StructuredOutput'), 'the answer schema is offered as the StructuredOutput tool');
    const offered = sent.tools.map((tool) => tool.name).filter((name) => name !== 'StructuredOutput' && name !== 'DeferredToolPlaceholder');
    assert.deepEqual(offered, [], 'no other tool is offered to the model');
    const { headers } = fake.messageRequests[0];
    // The CLI sends the key as x-api-key; @anthropic-ai/sdk 1.14 sends it as a bearer token.
    assert.ok(headers['x-api-key'] === 'test' || headers.authorization === 'Bearer test', 'the configured key is used');
  });

  test(`${engine}: 429 whose retry-after ends past the deadline -> RateLimited 3001 at once, with retry_after_ms`, async () => {
    const started = Date.now();
    const reply = await analyze([{ kind: 'rate_limited', retryAfter: 60 }], {}, { deadline_ms: 20000 });
    assert.equal(reply.payload.code, 3001, JSON.stringify(reply));
    assert.equal(reply.payload.reason, 'rate-limited');
    if (expectations.retryAfterVisible) assert.equal(reply.payload.retry_after_ms, 60000);
    assert.equal(fake.requestCount, 1);
    assert.ok(Date.now() - started < 15000, 'returned at once, not at the deadline');
  });

  if (expectations.retryAfterVisible) {
    test(`${engine}: 429 with retry-after 1 s inside the deadline is waited out, then answered`, async () => {
      const reply = await analyze([{ kind: 'rate_limited', retryAfter: 1 }], {}, { deadline_ms: 10000 });
      assert.equal(reply.status, 'success', JSON.stringify(reply));
      assert.equal(reply.payload.attempts, 2);
      const [first, second] = fake.messageRequests;
      assert.ok(second.at - first.at >= 1000, `waited ${second.at - first.at} ms`);
      const notice = client.frames.find((frame) => frame.event === 'api_retry');
      assert.deepEqual([notice.error_status, notice.retry_delay_ms], [429, 1000]);
    });
  }

  test(`${engine}: 529 is retried with backoff a bounded number of times, with api_retry notices, then 3001`, async () => {
    const reply = await analyze(['overloaded', 'overloaded', 'overloaded', 'overloaded']);
    assert.equal(reply.payload.code, 3001, JSON.stringify(reply));
    assert.match(reply.payload.message, /overloaded/);
    assert.equal(fake.requestCount, 3, 'first try + 2 retries');
    const notices = client.frames.filter((frame) => frame.event === 'api_retry');
    assert.deepEqual(notices.map((notice) => [notice.attempt, notice.error_status]), [[1, 529], [2, 529]]);
    const gaps = fake.messageRequests.slice(1).map((request, index) => request.at - fake.messageRequests[index].at);
    assert.ok(gaps[0] >= 350 && gaps[1] >= 700, `backoff gaps ${gaps}`);
  });

  test(`${engine}: 529 then success -> the answer arrives`, async () => {
    const reply = await analyze(['overloaded']);
    assert.equal(reply.status, 'success', JSON.stringify(reply));
    assert.equal(reply.payload.attempts, 2);
  });

  test(`${engine}: 401 -> InvalidApiKey 3003`, async () => {
    const reply = await analyze(['unauthorized']);
    assert.equal(reply.payload.code, 3003, JSON.stringify(reply));
    assert.equal(fake.requestCount, 1);
  });

  for (const kind of ['spend_limit_403', 'spend_limit_429', 'billing']) {
    test(`${engine}: ${kind} -> QuotaExceeded 3002`, async () => {
      const reply = await analyze([kind]);
      assert.equal(reply.payload.code, 3002, JSON.stringify(reply));
      assert.equal(fake.requestCount, 1);
    });
  }

  for (const kind of ['malformed', 'disconnect']) {
    test(`${engine}: ${kind} response is retried, then answered`, async () => {
      const failures = Array.from({ length: perAttempt(kind) }, () => kind);
      const reply = await analyze(failures);
      assert.equal(reply.status, 'success', JSON.stringify(reply));
      assert.equal(fake.requestCount, perAttempt(kind) + 1);
    });
  }

  test(`${engine}: a hanging API is cut at the deadline: timeout with elapsed_ms`, async () => {
    const started = Date.now();
    const reply = await analyze(['hang'], {}, { deadline_ms: 1500 });
    assert.equal(reply.status, 'timeout', JSON.stringify(reply));
    assert.ok(reply.payload.elapsed_ms >= 1500 && reply.payload.elapsed_ms < 2500, `elapsed ${reply.payload.elapsed_ms}`);
    assert.ok(Date.now() - started < 3000, 'no request outlives its deadline');
  });

  test(`${engine}: a model that never calls the answer tool -> an error, never an empty answer`, async () => {
    const reply = await analyze(['text_only', 'text_only', 'text_only']);
    assert.equal(reply.status, 'error', JSON.stringify(reply));
    assert.equal(reply.payload.code, 2002);
    assert.match(reply.payload.message, /no structured output|invalid analysis/);
  });

  test(`${engine}: an answer that breaks the schema for one file fails only that file`, async () => {
    const answer = analysisFor(['good.c', 'bad.c']);
    answer.files[1].findings[0].severity = 'apocalyptic';
    const reply = await analyze([{ kind: 'ok', answer }], { files: [sampleFile('good.c'), sampleFile('bad.c')] });
    if (expectations.cliValidatesSchema) {
      // The CLI validates the tool input against the schema itself and sends the model the
      // validation error as a tool_result; the fake then answers well.
      assert.equal(reply.status, 'success', JSON.stringify(reply));
      assert.equal(fake.requestCount, 2);
      assert.match(JSON.stringify(fake.messageRequests[1].body.messages), /severity/);
      assert.ok(reply.payload.files.every((file) => file.analysis));
      return;
    }
    assert.ok(reply.payload.files[0].analysis);
    assert.equal(reply.payload.files[1].error.code, 2002);
    assert.match(reply.payload.files[1].error.message, /severity/);
  });
}
