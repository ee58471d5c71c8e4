// SPDX-License-Identifier: MIT
// A scripted fake of the Anthropic Messages API on 127.0.0.1, for tests and benchmarks only.
//
// Every `POST /v1/messages` takes the next behaviour from the script queue (or the default
// behaviour once the queue is empty) and is counted, so tests can assert how many calls the
// bridge made. Any other path gets a 404, which the Claude Code CLI tolerates (it probes
// `GET /api/hello` at start-up). Each answer's `usage` bills prompt caching as the API does
// (fake-prompt-cache.mjs): a `cache_control` prefix long enough for the model is written on first
// use and read by later requests.
import http from 'node:http';
import https from 'node:https';
import { FakePromptCache, tokensOf } from './fake-prompt-cache.mjs';

export { tokensOf };

const MODEL = 'claude-fake-1';

function textOf(content) {
  if (typeof content === 'string') return content;
  return (content ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('\n');
}

/** Pulls the `<file path="...">` markers (JSON-quoted paths) out of the prompt, so a batch gets one entry per file. */
export function pathsInPrompt(requestBody) {
  const text = (requestBody.messages ?? []).map((message) => textOf(message.content)).join('\n');
  const paths = [];
  for (const match of text.matchAll(/<file path=("(?:[^"\\]|\\.)*")/g)) {
    const path = JSON.parse(match[1]);
    if (!paths.includes(path)) paths.push(path);
  }
  return paths;
}

/**
 * What the fake model can read of each file: the numbered lines of the prompt ("  12| code"),
 * by path. The fake knows a line's number only from that prefix, as a model reading the prompt
 * would; an unnumbered prompt gives it nothing to quote.
 */
export function numberedLinesInPrompt(requestBody) {
  const text = (requestBody.messages ?? []).map((message) => textOf(message.content)).join('\n');
  const files = new Map();
  for (const block of text.split('<file path=').slice(1)) {
    const path = JSON.parse(block.match(/^("(?:[^"\\]|\\.)*")/)[1]);
    const lines = new Map();
    for (const match of block.matchAll(/^[ +]*(\d+)\| (.*)$/gm)) lines.set(Number(match[1]), match[2]);
    files.set(path, lines);
  }
  return files;
}

/** The first line with code on it, as the prompt numbered it, and a quote of it. */
function firstCodeLine(lines) {
  for (const [line, code] of lines ?? []) if (code.trim()) return { line, end_line: line, snippet: code.trim().slice(0, 60) };
  return { line: 1, end_line: 1, snippet: '(nothing read)' };
}

/** A valid analysis answer for the given paths, anchored on lines read from the prompt. */
export function analysisFor(paths, linesByPath = new Map()) {
  return {
    files: paths.map((path) => {
      const anchor = firstCodeLine(linesByPath.get(path));
      return {
        path,
        summary: `Fake review of ${path}.`,
        risk: 'low',
        findings: [
          {
            function: 'main',
            ...anchor,
            severity: 'warning',
            category: 'complexity',
            message: 'Fake finding.',
            suggestion: 'Split the function.',
            confidence: 0.9,
          },
        ],
        refactorings: [{ title: 'Extract helper', description: 'Move the loop body into a helper.', ...anchor, effort: 'small' }],
      };
    }),
  };
}

/**
 * The "anchor_mix" model: for each file, four findings quoting real lines read from the prompt:
 * line 2 at its own number (kept), line 4 stated as 7 (3 off: re-anchored), line 3 stated as 15
 * (12 off: dropped) and a quote of code that is not in the file (dropped).
 */
function anchorMix(paths, linesByPath) {
  const finding = (line, snippet, message) => ({ function: 'f', line, end_line: line, snippet, severity: 'info', category: 'style', message, suggestion: 'x', confidence: 0.9 });
  const answer = analysisFor(paths, linesByPath);
  for (const entry of answer.files) {
    const lines = linesByPath.get(entry.path) ?? new Map();
    const quote = (line) => (lines.get(line) ?? '').trim();
    entry.findings = [
      finding(2, quote(2), 'exact'),
      finding(7, quote(4), 'three lines off'),
      finding(15, quote(3), 'twelve lines off'),
      finding(5, 'this code is not in the file', 'misquoted'),
    ];
    entry.refactorings = [];
  }
  return answer;
}

/** Per file of the prompt: which numbered lines are marked "+" (the change under review). */
export function changedLinesInPrompt(requestBody) {
  const text = (requestBody.messages ?? []).map((message) => textOf(message.content)).join('\n');
  const files = new Map();
  for (const block of text.split('<file path=').slice(1)) {
    const path = JSON.parse(block.match(/^("(?:[^"\\]|\\.)*")/)[1]);
    files.set(path, new Set(Array.from(block.matchAll(/^\+ *(\d+)\| /gm), (match) => Number(match[1]))));
  }
  return files;
}

/** Per file of the prompt: the first complexity item of its <native> block, {line, function}. */
function nativeComplexityInPrompt(requestBody) {
  const text = (requestBody.messages ?? []).map((message) => textOf(message.content)).join('\n');
  const files = new Map();
  for (const block of text.split('<file path=').slice(1)) {
    const path = JSON.parse(block.match(/^("(?:[^"\\]|\\.)*")/)[1]);
    const match = block.match(/^line (\d+) \((.*)\): \[(?:cyclomatic|cognitive)-complexity\]/m);
    if (match) files.set(path, { line: Number(match[1]), function: match[2] });
  }
  return files;
}

/**
 * The "review" model, for reviews of a change: per file, on the first changed line (or the first
 * code line when nothing is marked) an error with a fix that applies and a refactoring; on a
 * changed line a finding whose fix misquotes the file (its fix must be dropped) and one with
 * confidence 0.2; on the first unchanged code line a finding (outside the change: dropped); and
 * a complexity finding repeating the native analyzer's (dropped as a duplicate).
 */
function reviewModel(paths, linesByPath, body) {
  const changedByPath = changedLinesInPrompt(body);
  const nativeByPath = nativeComplexityInPrompt(body);
  return {
    files: paths.map((path) => {
      const lines = linesByPath.get(path) ?? new Map();
      const changed = changedByPath.get(path) ?? new Set();
      const code = [...lines.keys()].filter((line) => lines.get(line).trim());
      const inChange = code.filter((line) => changed.size === 0 || changed.has(line));
      const outside = code.filter((line) => changed.size > 0 && !changed.has(line));
      const at = (line, extra) => ({ function: '', line, end_line: line, snippet: lines.get(line).trim().slice(0, 60), suggestion: 'Fix it.', ...extra });
      const findings = [];
      const first = inChange[0];
      if (first !== undefined) {
        const original = lines.get(first);
        findings.push(at(first, { severity: 'error', category: 'correctness', message: 'Changed line is wrong.', confidence: 0.9,
          fix: { line: first, end_line: first, original, replacement: `${original} // reviewed` } }));
        findings.push(at(first, { severity: 'info', category: 'style', message: 'Fix that misquotes the file.', confidence: 0.8,
          fix: { line: first, end_line: first, original: 'this is not in the file', replacement: 'x' } }));
        findings.push(at(first, { severity: 'warning', category: 'style', message: 'A guess.', confidence: 0.2 }));
      }
      if (outside[0] !== undefined) findings.push(at(outside[0], { severity: 'warning', category: 'correctness', message: 'Unchanged line.', confidence: 0.9 }));
      const native = nativeByPath.get(path);
      if (native && lines.has(native.line)) findings.push({ ...at(native.line, { severity: 'warning', category: 'complexity', message: 'Too complex.', confidence: 0.9 }), function: native.function });
      const refactorings = first === undefined ? [] : [{ title: 'Name the change', description: 'Give the changed code a name.', line: first, end_line: first, snippet: lines.get(first).trim().slice(0, 60), effort: 'small' }];
      return { path, summary: `Review of the change to ${path}.`, risk: 'medium', findings, refactorings };
    }),
  };
}

function hasStructuredOutputTool(body) {
  return (body.tools ?? []).some((tool) => tool.name === 'StructuredOutput');
}

function lastMessageIsToolResult(body) {
  const last = (body.messages ?? []).at(-1);
  return Array.isArray(last?.content) && last.content.some((block) => block.type === 'tool_result');
}

function toolUseBlock(input) {
  return { type: 'tool_use', id: `toolu_fake_${Date.now()}`, name: 'StructuredOutput', input };
}

/** Pads each file's answer with findings until it is about `fileTokens` tokens long ("verbose" behaviour). */
function padded(answer, fileTokens) {
  if (!fileTokens) return answer;
  return {
    files: answer.files.map((entry) => {
      const findings = [...entry.findings];
      const { line = 1, end_line = 1, snippet = '(nothing read)' } = entry.findings[0] ?? {};
      const filler = { function: 'main', line, end_line, snippet, severity: 'info', category: 'style', message: 'Verbose finding. '.repeat(8), suggestion: 'Say less.', confidence: 0.9 };
      while (tokensOf(JSON.stringify({ ...entry, findings })) < fileTokens) findings.push(filler);
      return { ...entry, findings };
    }),
  };
}

/**
 * The answer tool call as a model with an output budget gives it: when the answer needs more
 * tokens than the request's max_tokens, the JSON is cut at the budget and the stop reason is
 * max_tokens, as the API does.
 */
function toolAnswer(body, answer) {
  const json = JSON.stringify(answer);
  const budget = body.max_tokens ?? Infinity;
  if (tokensOf(json) <= budget) return { blocks: [toolUseBlock(answer)], stop: 'tool_use', outputTokens: tokensOf(json) };
  return { blocks: [{ ...toolUseBlock({}), partialJson: json.slice(0, budget * 4) }], stop: 'max_tokens', outputTokens: budget };
}

/** What the model "says" for a well-behaved request: the StructuredOutput call, then a short end. */
function goodContent(body, behaviour) {
  if (hasStructuredOutputTool(body) && !lastMessageIsToolResult(body)) {
    const read = numberedLinesInPrompt(body);
    const model = behaviour.anchorMix ? anchorMix : behaviour.review ? reviewModel : analysisFor;
    const scripted = behaviour.answer ?? model(pathsInPrompt(body), read, body);
    const answer = padded(typeof scripted === 'function' ? scripted(body) : scripted, behaviour.fileTokens);
    return toolAnswer(body, answer);
  }
  const text = behaviour.text ?? 'Done.';
  return { blocks: [{ type: 'text', text }], stop: 'end_turn', outputTokens: tokensOf(text) };
}

/** The answer as the API sends it; its input usage is billed by the server's prompt cache. */
function messageObject(content, ctx) {
  return {
    id: `msg_fake_${Date.now()}`,
    type: 'message',
    role: 'assistant',
    model: MODEL,
    content: content.blocks.map(({ partialJson: _partial, ...block }) => block),
    stop_reason: content.stop,
    stop_sequence: null,
    usage: { ...ctx.promptCache.bill(ctx.body), output_tokens: content.outputTokens },
  };
}

function sse(event, data) {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function blockEvents(block, index) {
  if (block.type === 'tool_use') {
    const { partialJson, ...content } = block;
    return [
      sse('content_block_start', { type: 'content_block_start', index, content_block: { ...content, input: {} } }),
      sse('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: partialJson ?? JSON.stringify(block.input) },
      }),
      sse('content_block_stop', { type: 'content_block_stop', index }),
    ];
  }
  return [
    sse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }),
    sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } }),
    sse('content_block_stop', { type: 'content_block_stop', index }),
  ];
}

function streamEvents(message, blocks = message.content) {
  const start = { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } };
  return [
    sse('message_start', { type: 'message_start', message: start }),
    ...blocks.flatMap(blockEvents),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: { output_tokens: message.usage.output_tokens },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ];
}

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake', ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(type, message, details) {
  const error = details ? { type, message, details } : { type, message };
  return { type: 'error', error, request_id: 'req_fake' };
}

function answerWell(ctx) {
  const content = goodContent(ctx.body, ctx.behaviour);
  const message = messageObject(content, ctx);
  ctx.record.usage = message.usage;
  ctx.record.stopReason = message.stop_reason;
  if (!ctx.body.stream) return sendJson(ctx.res, 200, message);
  ctx.res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_fake' });
  ctx.res.end(streamEvents(message, content.blocks).join(''));
}

function answerMalformed(ctx) {
  if (!ctx.body.stream) {
    ctx.res.writeHead(200, { 'content-type': 'application/json' });
    return ctx.res.end('{"id": "msg_fake", "type": "message", "content": [');
  }
  ctx.res.writeHead(200, { 'content-type': 'text/event-stream' });
  ctx.res.end('event: message_start\ndata: {"type":"message_start","message":{not json\n\n');
}

function disconnectMidStream(ctx) {
  const message = messageObject(goodContent(ctx.body, ctx.behaviour), ctx);
  ctx.res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_fake' });
  const events = streamEvents(message);
  ctx.res.write(events.slice(0, 2).join(''), () => ctx.res.socket?.destroy());
}

/** HTTP 200, the stream starts, then an `error` event: the API's way of failing mid-answer. */
function sseErrorAfter200(ctx) {
  const message = messageObject(goodContent(ctx.body, ctx.behaviour), ctx);
  ctx.res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_fake' });
  const error = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
  ctx.res.end(streamEvents(message).slice(0, 1).join('') + sse('error', error));
}

function hang(ctx) {
  ctx.server.hangingResponses.add(ctx.res);
}

const ERROR_RESPONSES = {
  rate_limited: (b) => [429, errorBody('rate_limit_error', 'Number of requests has exceeded your rate limit.'),
    b.retryAfter === undefined ? {} : { 'retry-after': String(b.retryAfter) }],
  overloaded: () => [529, errorBody('overloaded_error', 'Overloaded')],
  unauthorized: () => [401, errorBody('authentication_error', 'invalid x-api-key')],
  spend_limit_403: () => [403, errorBody('permission_error', 'Your organization has reached its spend limit.',
    { error_code: 'enforced_spend_limit_reached' })],
  spend_limit_429: () => [429, errorBody('rate_limit_error', 'You have reached your specified API usage limits.',
    { error_code: 'enforced_spend_limit_reached' })],
  billing: () => [402, errorBody('billing_error', 'Your credit balance is too low.')],
  server_error: () => [500, errorBody('api_error', 'Internal server error')],
};

const HANDLERS = {
  ok: answerWell,
  text_only: (ctx) => answerWell({ ...ctx, behaviour: { ...ctx.behaviour, text: ctx.behaviour.text ?? 'No JSON.' }, body: { ...ctx.body, tools: [] } }),
  malformed: answerMalformed,
  disconnect: disconnectMidStream,
  sse_error: sseErrorAfter200,
  hang,
};

function respond(ctx) {
  const errorResponse = ERROR_RESPONSES[ctx.behaviour.kind];
  if (errorResponse) {
    const [status, body, headers] = errorResponse(ctx.behaviour);
    return sendJson(ctx.res, status, body, headers);
  }
  const handler = HANDLERS[ctx.behaviour.kind];
  if (!handler) return sendJson(ctx.res, 500, errorBody('api_error', `fake: unknown behaviour ${ctx.behaviour.kind}`));
  handler(ctx);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function normalise(behaviour) {
  return typeof behaviour === 'string' ? { kind: behaviour } : behaviour;
}

/**
 * Starts the fake on 127.0.0.1 with an ephemeral port.
 * @param {{defaultBehaviour?: string|object, delayMs?: number, now?: () => number}} [options]
 *   `now` is the prompt cache's clock in milliseconds (default Date.now), for tests of its TTL.
 */
export async function startFakeAnthropic(options = {}) {
  const state = {
    queue: [],
    defaultBehaviour: normalise(options.defaultBehaviour ?? 'ok'),
    delayMs: options.delayMs ?? 0,
    promptCache: new FakePromptCache(options.now),
    messageRequests: [],
    otherRequests: [],
  };
  // options.tls = {key, cert, name}: HTTPS with that certificate, the handle's url naming `name`
  // (which the test must resolve to 127.0.0.1), as the real https://api.anthropic.com is reached.
  const listener = (req, res) => handle(state, server, req, res);
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
  server.hangingResponses = new Set();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const url = options.tls ? `https://${options.tls.name}:${port}` : `http://127.0.0.1:${port}`;
  return makeHandle(state, server, port, url);
}

async function handle(state, server, req, res) {
  const raw = await readBody(req);
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method !== 'POST' || url.pathname !== '/v1/messages') {
    state.otherRequests.push({ method: req.method, path: url.pathname, host: req.headers.host, servername: req.socket.servername ?? null });
    return sendJson(res, 404, errorBody('not_found_error', 'fake: not found'));
  }
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    return sendJson(res, 400, errorBody('invalid_request_error', 'fake: request body is not JSON'));
  }
  const behaviour = state.queue.length > 0 ? state.queue.shift() : state.defaultBehaviour;
  const record = { at: Date.now(), body, headers: req.headers, servername: req.socket.servername ?? null, behaviour: behaviour.kind, handledMs: 0 };
  state.messageRequests.push(record);
  const started = performance.now();
  res.on('finish', () => (record.handledMs = performance.now() - started));
  const ctx = { req, res, body, behaviour, server, record, promptCache: state.promptCache };
  if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
  respond(ctx);
}

function makeHandle(state, server, port, url) {
  return {
    port,
    url,
    /** Queues behaviours for the next `POST /v1/messages` calls, in order. */
    script(...behaviours) {
      state.queue.push(...behaviours.map(normalise));
    },
    setDefault(behaviour) {
      state.defaultBehaviour = normalise(behaviour);
    },
    reset() {
      state.queue.length = 0;
      state.messageRequests.length = 0;
      state.otherRequests.length = 0;
      state.promptCache.clear();
    },
    get messageRequests() {
      return state.messageRequests;
    },
    get otherRequests() {
      return state.otherRequests;
    },
    get requestCount() {
      return state.messageRequests.length;
    },
    /** What each request carried: its files' paths, its system prompt, whether it marked it for caching. */
    get seen() {
      return state.messageRequests.map(({ body }) => ({
        paths: pathsInPrompt(body),
        system: typeof body.system === 'string' ? body.system : textOf(body.system),
        cache_control: Array.isArray(body.system) && body.system.some((block) => block.cache_control?.type === 'ephemeral'),
      }));
    },
    /** The usage of every answer sent so far, summed field by field (API field names). */
    get usageTotals() {
      const totals = { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
      for (const { usage } of state.messageRequests) for (const key of Object.keys(totals)) totals[key] += usage?.[key] ?? 0;
      return totals;
    },
    async close() {
      for (const res of server.hangingResponses) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
