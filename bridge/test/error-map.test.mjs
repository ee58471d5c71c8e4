// SPDX-License-Identifier: MIT
// The error table, row by row, with failures shaped the way each engine reports them (the
// Messages API engine: status, type, details code; the Agent SDK engine: api_error_status, the
// assistant error kind and the CLI's text, as measured against the fake). Also the retry loop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../dist/errors/error-codes.js';
import { ERROR_TABLE, classifyFailure } from '../dist/errors/error-map.js';
import { retryDelayMs, withRetries } from '../dist/errors/retry.js';
import { UpstreamFailure, parseRetryAfter } from '../dist/errors/upstream-failure.js';
import { errorPayload } from '../dist/server/envelope.js';

const rows = [
  // [description, failure fields, expected code, retryable]
  ['messages-api 429 with retry-after', { status: 429, errorType: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit.', retryAfterMs: 2000 }, ErrorCode.RateLimited, false],
  ['agent-sdk 429', { status: 429, errorType: 'rate_limit', message: 'API Error: Request rejected (429) · Number of requests has exceeded your rate limit.' }, ErrorCode.RateLimited, false],
  ['messages-api 429 spend limit', { status: 429, errorType: 'rate_limit_error', detailsCode: 'enforced_spend_limit_reached', message: 'limit' }, ErrorCode.QuotaExceeded, false],
  ['agent-sdk 429 spend limit', { status: 429, errorType: 'rate_limit', message: 'API Error: Request rejected (429) · You have reached your specified API usage limits.' }, ErrorCode.QuotaExceeded, false],
  ['messages-api 403 spend limit', { status: 403, errorType: 'permission_error', detailsCode: 'enforced_spend_limit_reached', message: 'x' }, ErrorCode.QuotaExceeded, false],
  ['agent-sdk 403 spend limit', { status: 403, errorType: 'authentication_failed', message: 'Failed to authenticate. API Error: 403 Your organization has reached its spend limit.' }, ErrorCode.QuotaExceeded, false],
  ['402 billing', { status: 402, errorType: 'billing_error', message: 'Your credit balance is too low.' }, ErrorCode.QuotaExceeded, false],
  ['agent-sdk billing_error', { status: null, errorType: 'billing_error', message: 'Credit balance is too low' }, ErrorCode.QuotaExceeded, false],
  ['401', { status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' }, ErrorCode.InvalidApiKey, false],
  ['agent-sdk 401', { status: 401, errorType: 'authentication_failed', message: 'Invalid API key · Fix external API key' }, ErrorCode.InvalidApiKey, false],
  ['403 permission', { status: 403, errorType: 'permission_error', message: 'Your API key does not have permission' }, ErrorCode.InvalidApiKey, false],
  ['529 overloaded', { status: 529, errorType: 'overloaded_error', message: 'Overloaded' }, ErrorCode.RateLimited, true],
  ['agent-sdk 529', { status: 529, errorType: 'server_error', message: 'API Error: 529 Overloaded.' }, ErrorCode.RateLimited, true],
  ['SSE overloaded error after 200', { status: null, errorType: 'overloaded_error', message: 'Overloaded' }, ErrorCode.RateLimited, true],
  ['500', { status: 500, errorType: 'api_error', message: 'Internal server error' }, ErrorCode.WorkerCrashed, true],
  ['agent-sdk connection lost', { status: null, errorType: 'server_error', message: 'API Error: Connection to the API was lost (ECONNRESET).' }, ErrorCode.WorkerCrashed, true],
  ['malformed response, no status', { status: null, errorType: null, message: 'API returned an empty or malformed response' }, ErrorCode.WorkerCrashed, true],
  ['408', { status: 408, errorType: null, message: 'request timeout' }, ErrorCode.WorkerCrashed, true],
  ['400 invalid request', { status: 400, errorType: 'invalid_request_error', message: 'prompt is too long' }, ErrorCode.WorkerCrashed, false],
  ['404 unknown model', { status: 404, errorType: 'not_found_error', message: 'model: x' }, ErrorCode.WorkerCrashed, false],
];

for (const [description, fields, code, retryable] of rows) {
  test(`error table: ${description} -> ${ErrorCode[code]}${retryable ? ', retried' : ''}`, () => {
    const rule = classifyFailure(new UpstreamFailure(fields));
    assert.equal(rule.code, code, rule.name);
    assert.equal(rule.retryable, retryable, rule.name);
  });
}

test('every row of the table is reached by at least one case above', () => {
  const reached = new Set(rows.map(([, fields]) => classifyFailure(new UpstreamFailure(fields)).name));
  assert.deepEqual(ERROR_TABLE.map((rule) => rule.name).filter((name) => !reached.has(name)), []);
});

test('each error payload names its failure: 429 rate-limited, 529 overloaded, spend limit quota, 401 bad key', () => {
  const reason = (fields) => errorPayload(new UpstreamFailure({ message: 'x', ...fields })).reason;
  assert.equal(reason({ status: 429, errorType: 'rate_limit_error' }), 'rate-limited');
  assert.equal(reason({ status: 529, errorType: 'overloaded_error' }), 'overloaded');
  assert.equal(reason({ status: 429, detailsCode: 'enforced_spend_limit_reached' }), 'quota-exceeded');
  assert.equal(reason({ status: 401, errorType: 'authentication_error' }), 'invalid-api-key');
  assert.equal(reason({ status: 500, errorType: 'api_error' }), 'server-error');
  assert.equal(errorPayload(new Error('boom')).reason, 'bridge-error');
});

test('RateLimited carries retry_after_ms; other codes never do', () => {
  const limited = errorPayload(new UpstreamFailure({ status: 429, message: 'slow down', retryAfterMs: 2000 }));
  assert.equal(limited.code, ErrorCode.RateLimited);
  assert.equal(limited.retry_after_ms, 2000);
  assert.equal(limited.source_lang, 'typescript');
  const auth = errorPayload(new UpstreamFailure({ status: 401, message: 'bad key', retryAfterMs: 2000 }));
  assert.equal(auth.retry_after_ms, undefined);
});

test('retry-after parsing: retry-after-ms, seconds, HTTP date, garbage', () => {
  const headers = (values) => (name) => values[name] ?? null;
  assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1500);
  assert.equal(parseRetryAfter(headers({ 'retry-after': '2' })), 2000);
  assert.equal(parseRetryAfter(headers({ 'retry-after': '0.5' })), 500);
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now), 3000);
  assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' })), null);
  assert.equal(parseRetryAfter(headers({})), null);
});

test('backoff: 0.5 s x 2^n capped at 8 s, minus at most 25 % jitter; a server hint wins', () => {
  const policy = { maxRetries: 5, baseDelayMs: 500, maxDelayMs: 8000 };
  assert.equal(retryDelayMs(policy, 0, null, () => 0), 500);
  assert.equal(retryDelayMs(policy, 1, null, () => 0), 1000);
  assert.equal(retryDelayMs(policy, 10, null, () => 0), 8000);
  assert.equal(retryDelayMs(policy, 1, null, () => 1), 750);
  assert.equal(retryDelayMs(policy, 3, 1234, () => 0), 1234);
});

const fastPolicy = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 };

test('retry loop: overload is retried a bounded number of times, with a notice each time', async () => {
  const notices = [];
  let calls = 0;
  await assert.rejects(
    withRetries(
      async () => {
        calls += 1;
        throw new UpstreamFailure({ status: 529, errorType: 'overloaded_error', message: 'Overloaded' });
      },
      { policy: fastPolicy, signal: new AbortController().signal, onRetry: (notice) => notices.push(notice) },
    ),
    (error) => error.status === 529,
  );
  assert.equal(calls, 3);
  assert.deepEqual(notices.map((notice) => [notice.attempt, notice.error_status, notice.max_retries]), [[1, 529, 2], [2, 529, 2]]);
});

test('retry loop: a 429 with retry-after inside the deadline is waited out; past it, returned at once', async () => {
  const limited = () => new UpstreamFailure({ status: 429, message: 'slow down', retryAfterMs: 20 });
  let calls = 0;
  const answer = await withRetries(
    async () => {
      calls += 1;
      if (calls === 1) throw limited();
      return 'ok';
    },
    { policy: fastPolicy, signal: new AbortController().signal, onRetry: () => {}, deadlineAt: performance.now() + 5000 },
  );
  assert.deepEqual([answer, calls], ['ok', 2]);
  calls = 0;
  await assert.rejects(
    withRetries(
      async () => {
        calls += 1;
        throw limited();
      },
      { policy: fastPolicy, signal: new AbortController().signal, onRetry: () => assert.fail('no retry'), deadlineAt: performance.now() + 100 },
    ),
  );
  assert.equal(calls, 1);
});

test('retry loop: without a known deadline a 429 is returned at once, not retried', async () => {
  let calls = 0;
  await assert.rejects(
    withRetries(
      async () => {
        calls += 1;
        throw new UpstreamFailure({ status: 429, message: 'slow down', retryAfterMs: 5 });
      },
      { policy: fastPolicy, signal: new AbortController().signal, onRetry: () => assert.fail('no retry') },
    ),
  );
  assert.equal(calls, 1);
});

test('retry loop: succeeds after a transient failure', async () => {
  let calls = 0;
  const value = await withRetries(
    async () => {
      calls += 1;
      if (calls === 1) throw new UpstreamFailure({ status: 500, errorType: 'api_error', message: 'boom' });
      return 'ok';
    },
    { policy: fastPolicy, signal: new AbortController().signal, onRetry: () => undefined },
  );
  assert.equal(value, 'ok');
  assert.equal(calls, 2);
});

test('retry loop: an abort during the backoff wait ends the loop with the abort reason', async () => {
  const controller = new AbortController();
  const policy = { maxRetries: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 };
  const started = Date.now();
  setTimeout(() => controller.abort({ kind: 'deadline', elapsedMs: 50 }), 50);
  await assert.rejects(
    withRetries(async () => {
      throw new UpstreamFailure({ status: 529, message: 'Overloaded' });
    }, { policy, signal: controller.signal, onRetry: () => undefined }),
    (reason) => reason.kind === 'deadline',
  );
  assert.ok(Date.now() - started < 2000);
});
