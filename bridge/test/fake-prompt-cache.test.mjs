// SPDX-License-Identifier: MIT
// The fake API bills prompt caching as the Messages API does (fake-prompt-cache.mjs): requests
// through the real @anthropic-ai/sdk client, answers' `usage` checked to the token.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeAnthropic, tokensOf } from './fake-anthropic.mjs';
import { minCacheableTokens } from './fake-prompt-cache.mjs';

let fake;
let client;
let clock = 0;

before(async () => {
  fake = await startFakeAnthropic({ now: () => clock });
  client = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
});

after(() => fake.close());

const MINUTE = 60 * 1000;
const SONNET = 'claude-sonnet-4-0';
// 1100 tokens of instructions: over Sonnet's 1024 minimum, under Haiku 4.5's 4096.
const RULES = 'Review rules. '.repeat(314);

function cached(text) {
  return [{ type: 'text', text, cache_control: { type: 'ephemeral' } }];
}

async function usageOf({ model = SONNET, system, question = 'Is this fine?', tools }) {
  const message = await client.messages.create({
    model,
    max_tokens: 64,
    system,
    tools,
    messages: [{ role: 'user', content: question }],
  });
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens } = message.usage;
  return { input_tokens, cache_creation_input_tokens, cache_read_input_tokens };
}

function fresh() {
  fake.reset();
  clock = 0;
}

test('the table of minimum cacheable lengths', () => {
  assert.equal(tokensOf(RULES), 1099);
  assert.equal(minCacheableTokens('claude-sonnet-4-5-20250929'), 1024);
  assert.equal(minCacheableTokens('claude-sonnet-4-6'), 2048);
  assert.equal(minCacheableTokens('claude-sonnet-5-5'), 1024);
  assert.equal(minCacheableTokens('claude-opus-4-1-20250805'), 1024);
  assert.equal(minCacheableTokens('claude-opus-4-5'), 4096);
  assert.equal(minCacheableTokens('claude-haiku-4-5-20251001'), 4096);
  assert.equal(minCacheableTokens('claude-3-5-haiku-20241022'), 2048);
  assert.equal(minCacheableTokens(undefined), 1024);
});

test('a marked prefix is written on first use, then read; only what follows it is input', async () => {
  fresh();
  const prefix = tokensOf(RULES);
  assert.deepEqual(await usageOf({ system: cached(RULES) }), {
    input_tokens: tokensOf('Is this fine?'),
    cache_creation_input_tokens: prefix,
    cache_read_input_tokens: 0,
  });
  assert.deepEqual(await usageOf({ system: cached(RULES), question: 'And this one?' }), {
    input_tokens: tokensOf('And this one?'),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: prefix,
  });
  assert.equal(fake.usageTotals.cache_read_input_tokens, prefix);
});

test('a prefix below the model minimum is not cached, and nothing fails', async () => {
  fresh();
  const short = 'Be brief.';
  for (let i = 0; i < 2; i++)
    assert.deepEqual(await usageOf({ system: cached(short) }), {
      input_tokens: tokensOf(short) + tokensOf('Is this fine?'),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  // Long enough for Sonnet, too short for Haiku 4.5 (4096).
  for (let i = 0; i < 2; i++)
    assert.equal((await usageOf({ model: 'claude-haiku-4-5', system: cached(RULES) })).cache_read_input_tokens, 0);
});

test('nothing is cached without cache_control', async () => {
  fresh();
  for (let i = 0; i < 2; i++)
    assert.deepEqual(await usageOf({ system: RULES }), {
      input_tokens: tokensOf(RULES) + tokensOf('Is this fine?'),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
});

test('a changed prefix is written anew; the model is part of the prefix', async () => {
  fresh();
  await usageOf({ system: cached(RULES) });
  const changed = await usageOf({ system: cached(`${RULES}One more rule.`) });
  assert.equal(changed.cache_read_input_tokens, 0);
  assert.equal(changed.cache_creation_input_tokens, tokensOf(`${RULES}One more rule.`));
  const otherModel = await usageOf({ model: 'claude-opus-4-1', system: cached(RULES) });
  assert.equal(otherModel.cache_read_input_tokens, 0);
  assert.equal(otherModel.cache_creation_input_tokens, tokensOf(RULES));
});

test('tools come first in the prefix: a change to a tool misses the cache marked on the system prompt', async () => {
  fresh();
  const tool = (description) => ({ name: 'Answer', description, input_schema: { type: 'object', properties: {} } });
  const first = await usageOf({ system: cached(RULES), tools: [tool('Report.')] });
  assert.equal(first.cache_creation_input_tokens, tokensOf(JSON.stringify(tool('Report.'))) + tokensOf(RULES));
  assert.equal((await usageOf({ system: cached(RULES), tools: [tool('Report.')] })).cache_read_input_tokens, first.cache_creation_input_tokens);
  const other = await usageOf({ system: cached(RULES), tools: [tool('Report it.')] });
  assert.equal(other.cache_read_input_tokens, 0);
  assert.ok(other.cache_creation_input_tokens > 0);
});

test('the 5-minute TTL is refreshed by each read; an idle entry expires', async () => {
  fresh();
  await usageOf({ system: cached(RULES) });
  clock += 4 * MINUTE;
  assert.equal((await usageOf({ system: cached(RULES) })).cache_read_input_tokens, tokensOf(RULES));
  clock += 4 * MINUTE; // 8 minutes after the write, 4 after the read that refreshed it
  assert.equal((await usageOf({ system: cached(RULES) })).cache_read_input_tokens, tokensOf(RULES));
  clock += 5 * MINUTE + 1;
  const expired = await usageOf({ system: cached(RULES) });
  assert.equal(expired.cache_read_input_tokens, 0);
  assert.equal(expired.cache_creation_input_tokens, tokensOf(RULES));
});

test('with two breakpoints the cached one is read and the rest up to the last is written', async () => {
  fresh();
  await usageOf({ system: cached(RULES) });
  const document = 'A long document. '.repeat(100);
  const both = await usageOf({ system: [...cached(RULES), ...cached(document)] });
  assert.deepEqual(both, {
    input_tokens: tokensOf('Is this fine?'),
    cache_creation_input_tokens: tokensOf(document),
    cache_read_input_tokens: tokensOf(RULES),
  });
});
