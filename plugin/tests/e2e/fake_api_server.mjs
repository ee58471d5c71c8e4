// The bridge's scripted fake Anthropic Messages API as a process the C++ tests drive.
// Prints {"port": N} on its first stdout line, then answers one command per stdin line:
//   default <behaviour>   every later request gets <behaviour> (ok, rate_limited, hang, ...)
//   script <b1> <b2> ...  the next requests get these, in order
//   count                 prints {"count": N}: POST /v1/messages requests so far
//   last                  prints {"count": N, "last_at": MS}: and when the last one arrived
//                         (wall-clock ms since the epoch; 0 when none)
// A behaviour may carry a retry-after: "rate_limited:2" is a 429 with retry-after 2.
// Exits when stdin closes. Listens on 127.0.0.1 only.
import readline from 'node:readline';
import { startFakeAnthropic } from '../../../bridge/test/fake-anthropic.mjs';

function behaviour(word) {
  const [kind, retryAfter] = word.split(':');
  return retryAfter === undefined ? kind : { kind, retryAfter: Number(retryAfter) };
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
