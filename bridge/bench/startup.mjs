// SPDX-License-Identifier: MIT
// Benchmark: ping round trip through the bridge, and analyze latency per engine against the fake
// Messages API on loopback (how much of it is the Agent SDK's per-query CLI start-up).
// Usage: npm run bench  [-- --pings N --analyses N]
import { startFakeAnthropic } from '../test/fake-anthropic.mjs';
import { bridgeEnv, sampleFile, spawnBridge } from '../test/support.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return { n: values.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean, min: sorted[0], max: sorted.at(-1) };
}

async function timed(action) {
  const started = process.hrtime.bigint();
  const result = await action();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function benchPings(client, count) {
  for (let index = 0; index < 200; index += 1) await client.call('ping');
  const samples = [];
  for (let index = 0; index < count; index += 1) samples.push((await timed(() => client.call('ping'))).ms * 1000);
  return summary(samples);
}

async function benchAnalyses(client, fake, engine, count) {
  const wall = [];
  const startup = [];
  const fakeAnswer = [];
  for (let index = 0; index < count + 1; index += 1) {
    fake.reset();
    const { result, ms } = await timed(() => client.call('analyze', { files: [sampleFile()], engine }, {}, 60000));
    if (result.status !== 'success') throw new Error(`analyze failed: ${JSON.stringify(result)}`);
    if (index === 0) continue; // warm-up: first-use costs (module loading, temp dir)
    wall.push(ms);
    startup.push(result.payload.startup_ms);
    fakeAnswer.push(fake.messageRequests.reduce((sum, request) => sum + request.handledMs, 0));
  }
  return { wall_ms: summary(wall), startup_ms: summary(startup), fake_answer_ms: summary(fakeAnswer) };
}

const fake = await startFakeAnthropic();
const client = spawnBridge(bridgeEnv(fake.url));
try {
  await client.handshake();
  const pings = await benchPings(client, option('pings', 5000));
  const messagesApi = await benchAnalyses(client, fake, 'messages-api', option('analyses', 20));
  const agentSdk = await benchAnalyses(client, fake, 'agent-sdk', option('analyses', 20));
  const round = (value) => Math.round(value * 10) / 10;
  const row = (name, s, unit) => `| ${name} | ${round(s.p50)} ${unit} | ${round(s.p99)} ${unit} | ${round(s.mean)} ${unit} | ${s.n} |`;
  console.log(JSON.stringify({ pings_us: pings, messages_api: messagesApi, agent_sdk: agentSdk }, null, 1));
  console.log(['| measure | p50 | p99 | mean | n |', '|---|---|---|---|---|',
    row('ping round trip (client -> bridge -> client)', pings, 'µs'),
    row('analyze, messages-api engine, wall', messagesApi.wall_ms, 'ms'),
    row('analyze, messages-api engine, to first API byte', messagesApi.startup_ms, 'ms'),
    row('analyze, agent-sdk engine, wall', agentSdk.wall_ms, 'ms'),
    row('analyze, agent-sdk engine, CLI start-up (query() to first SDK message)', agentSdk.startup_ms, 'ms'),
    row('fake API answer time per analyze', agentSdk.fake_answer_ms, 'ms')].join('\n'));
} finally {
  client.closeInput();
  await client.exited;
  await fake.close();
}
