// SPDX-License-Identifier: MIT
// The fake Anthropic API's prompt cache: bills `usage` the way the Messages API does when a
// request marks blocks with `cache_control`, so tests see what a real run would be billed.
//
// The rules (Anthropic's prompt-caching documentation):
// - The prompt is read in the order tools -> system -> messages. A block with `cache_control`
//   is a breakpoint; the cacheable prefix of a breakpoint is everything up to and including it.
//   A top-level `cache_control` (automatic caching) is a breakpoint on the last block.
// - A prefix shorter than the model's minimum cacheable length is not cached: no error, and the
//   cache fields stay 0 (MIN_CACHEABLE_TOKENS).
// - On first use a prefix is written (`cache_creation_input_tokens`); a later request with the
//   identical prefix within its TTL (5 minutes, or 1 hour for `ttl: "1h"`, refreshed on each use)
//   reads it (`cache_read_input_tokens`). With several breakpoints the longest cached prefix is
//   read and the rest up to the last breakpoint is written.
// - `input_tokens` is only what follows the last breakpoint (or everything when nothing caches).
// Simplifications: every block is looked up (the API looks back at most 20 blocks from a
// breakpoint), a prefix is cached from the moment its request is billed, and the extra system
// tokens the API adds for tool use are not counted.
import { createHash } from 'node:crypto';

/** The fake's tokenizer: one token per 4 characters, rounded up (deterministic, so tests can predict usage). */
export function tokensOf(text) {
  return Math.ceil(text.length / 4);
}

/**
 * Minimum cacheable prefix in tokens by model id prefix, first match wins. Anthropic's table:
 * 4096 for Claude Opus 4.6, Opus 4.5 and Haiku 4.5; 2048 for Claude Sonnet 4.6, Opus 4.7,
 * Haiku 3.5 and Haiku 3; 1024 for Claude Sonnet 4.5, Opus 4.1, Opus 4, Sonnet 4 and Sonnet 3.7.
 * (Published copies of the table disagree on Sonnet 4.6, 1024 or 2048; users measured 2048, the
 * stricter one is kept.) A Haiku the table does not name gets the newest Haiku's 4096; any other
 * model, e.g. the bridge's default, gets the Sonnet/Opus 4 floor, 1024.
 */
export const MIN_CACHEABLE_TOKENS = [
  ['claude-opus-4-6', 4096],
  ['claude-opus-4-5', 4096],
  ['claude-haiku-4-5', 4096],
  ['claude-sonnet-4-6', 2048],
  ['claude-opus-4-7', 2048],
  ['claude-3-5-haiku', 2048],
  ['claude-3-haiku', 2048],
  ['claude-haiku', 4096],
  ['', 1024],
];

export function minCacheableTokens(model) {
  return MIN_CACHEABLE_TOKENS.find(([prefix]) => String(model ?? '').startsWith(prefix))[1];
}

const FIVE_MINUTES_MS = 5 * 60 * 1000;
const ONE_HOUR_MS = 60 * 60 * 1000;

function withoutCacheControl(block) {
  const { cache_control: _marker, ...rest } = block;
  return rest;
}

/** One block of the prompt: what it costs, what it is (for the cache key), and its marker. */
function segment(kind, block) {
  if (typeof block === 'string') return { tokens: tokensOf(block), key: JSON.stringify([kind, block]), marker: null };
  const plain = withoutCacheControl(block);
  const text = plain.type === 'text' ? plain.text : JSON.stringify(plain);
  return { tokens: tokensOf(text), key: JSON.stringify([kind, plain]), marker: block.cache_control ?? null };
}

function messageSegments(message) {
  const blocks = typeof message.content === 'string' ? [message.content] : (message.content ?? []);
  return blocks.map((block) => segment(message.role, block));
}

/** The request's blocks in the API's order: tools, system, messages. */
export function promptSegments(body) {
  const system = typeof body.system === 'string' ? [body.system] : (body.system ?? []);
  const segments = [
    ...(body.tools ?? []).map((tool) => segment('tool', tool)),
    ...system.map((block) => segment('system', block)),
    ...(body.messages ?? []).flatMap(messageSegments),
  ];
  if (body.cache_control && segments.length > 0) segments.at(-1).marker ??= body.cache_control;
  return segments;
}

/** Each breakpoint whose prefix is long enough to cache: {key, tokens, ttlMs}. */
function cacheablePrefixes(body, segments) {
  const prefixes = [];
  const hash = createHash('sha256').update(JSON.stringify(body.model ?? ''));
  let tokens = 0;
  for (const { tokens: blockTokens, key, marker } of segments) {
    hash.update(key);
    tokens += blockTokens;
    if (marker && tokens >= minCacheableTokens(body.model))
      prefixes.push({ key: hash.copy().digest('hex'), tokens, ttlMs: marker.ttl === '1h' ? ONE_HOUR_MS : FIVE_MINUTES_MS });
  }
  return prefixes;
}

/**
 * The prompt cache of one fake server. `now` is its clock (milliseconds), so a test can let
 * entries expire without waiting.
 */
export class FakePromptCache {
  constructor(now = Date.now) {
    this.now = now;
    this.expiries = new Map();
  }

  /** Forgets every cached prefix. */
  clear() {
    this.expiries.clear();
  }

  /** Bills one request: its input usage fields, and writes or refreshes its prefixes. */
  bill(body) {
    const segments = promptSegments(body);
    const total = segments.reduce((sum, { tokens }) => sum + tokens, 0);
    const prefixes = cacheablePrefixes(body, segments);
    const now = this.now();
    const hit = prefixes.findLast(({ key }) => (this.expiries.get(key) ?? -Infinity) > now);
    const cached = prefixes.at(-1)?.tokens ?? 0;
    const read = hit?.tokens ?? 0;
    for (const { key, ttlMs } of prefixes) this.expiries.set(key, now + ttlMs);
    return { input_tokens: total - cached, cache_creation_input_tokens: cached - read, cache_read_input_tokens: read };
  }
}
