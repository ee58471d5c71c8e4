// SPDX-License-Identifier: MIT
// The bridge's scripted fake Anthropic Messages API as a process the C++ tests drive.
// Prints {"port": N} on its first stdout line, then answers one command per stdin line:
//   default <behaviour>   every later request gets <behaviour> (ok, rate_limited, hang, ...)
//   script <b1> <b2> ...  the next requests get these, in order
//   count                 prints {"count": N}: POST /v1/messages requests so far
//   last                  prints {"count": N, "last_at": MS}: and when the last one arrived
//                         (wall-clock ms since the epoch; 0 when none)
//   usage                 prints the usage of every answer so far, summed (API field names)
//   seen                  prints {"requests": [{paths, system, cache_control}, ...]}: what each
//                         request carried
// "review" is the model of a change's review (fake-anthropic.mjs, reviewModel): findings on and
// off the lines marked changed, a fix that applies and one that misquotes the file.
// A behaviour may carry an argument: "rate_limited:2" is a 429 with retry-after 2 s;
// "verbose:450" answers well with about 450 tokens per file (cut at the request's max_tokens);
// "anchor_mix" quotes real lines read from the numbered prompt: one exact, one 3 lines off, one
// 12 lines off, one misquoted.
// Exits when stdin closes. Listens on 127.0.0.1 only.
import readline from 'node:readline';
import { startFakeAnthropic } from '../../../bridge/test/fake-anthropic.mjs';

const ARGUMENTS = { rate_limited: 'retryAfter', verbose: 'fileTokens' };

function behaviour(word) {
  if (word === 'anchor_mix') return { kind: 'ok', anchorMix: true };
  if (word === 'review') return { kind: 'ok', review: true };
  const [kind, argument] = word.split(':');
  const actualKind = kind === 'verbose' ? 'ok' : kind;
  return argument === undefined ? actualKind : { kind: actualKind, [ARGUMENTS[kind] ?? 'argument']: Number(argument) };
}

const fake = await startFakeAnthropic({ defaultBehaviour: behaviour(process.argv[2] ?? 'ok') });
process.stdout.write(`${JSON.stringify({ port: fake.port })}\n`);

const commands = {
  default: (args) => fake.setDefault(behaviour(args[0])),
  script: (args) => fake.script(...args.map(behaviour)),
  count: () => process.stdout.write(`${JSON.stringify({ count: fake.requestCount })}\n`),
  last: () => {
    const requests = fake.messageRequests;
    const lastAt = requests.length > 0 ? requests[requests.length - 1].at : 0;
    process.stdout.write(`${JSON.stringify({ count: requests.length, last_at: lastAt })}\n`);
  },
  usage: () => process.stdout.write(`${JSON.stringify(fake.usageTotals)}\n`),
  seen: () => process.stdout.write(`${JSON.stringify({ requests: fake.seen })}\n`),
};

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, ...args] = line.trim().split(/\s+/);
  commands[command]?.(args);
});
lines.on('close', async () => {
  await fake.close();
  process.exit(0);
});
