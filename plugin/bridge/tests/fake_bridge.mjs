// Scripted stand-in for bridge/dist/index.js, for the C++ worker and pool tests. It speaks
// docs/bridge-protocol.md (frames, handshake, ping, cancel, shutdown) plus an `echo` method, and
// misbehaves on request so every failure path of the C++ side can be exercised against a real
// child process:
//   per request, params.announce = true logs the request's arrival on stderr; params.fault = kill | hang | garbage | oversize | half_frame_eof | wrong_id |
//     error | notify | stderr | exit | grow   (params.delay_ms delays any answer: slow reply)
//   at start-up, FAKE_BRIDGE_STARTUP = crash | no_handshake | bad_version | slow
//     (FAKE_BRIDGE_START_DELAY_MS for slow), FAKE_BRIDGE_CRASH_IF_EXISTS=<file> crashes while
//     that file exists (a crash loop that a test can end), FAKE_BRIDGE_IGNORE_TERM=1 ignores
//     SIGTERM and stdin EOF.
import fs from 'node:fs';
import process from 'node:process';

const MAGIC = Buffer.from('PMAT');
const startup = process.env.FAKE_BRIDGE_STARTUP ?? '';
const ignoreTerm = process.env.FAKE_BRIDGE_IGNORE_TERM === '1';
let inBuf = Buffer.alloc(0);
let inSeq = 0n;
let outSeq = 0n;
let maxFrame = 1024 * 1024;
const pending = new Map(); // id -> timer of a delayed answer
const hoard = [];

process.stderr.write(`fake bridge started pid ${process.pid}\n`);
if (ignoreTerm) {
  process.on('SIGTERM', () => process.stderr.write('fake bridge ignores SIGTERM\n'));
  setInterval(() => {}, 1000); // stay alive after stdin EOF too
}
const crashFile = process.env.FAKE_BRIDGE_CRASH_IF_EXISTS;
if (startup === 'crash' || (crashFile && fs.existsSync(crashFile))) {
  process.stderr.write('fake bridge: crashing at start-up\n');
  process.exit(3);
}

function frame(obj) {
  const payload = Buffer.from(JSON.stringify(obj), 'utf8');
  const header = Buffer.alloc(16);
  MAGIC.copy(header, 0);
  header.writeBigUInt64LE(outSeq++, 4);
  header.writeUInt32LE(payload.length, 12);
  return Buffer.concat([header, payload]);
}
const send = (obj) => process.stdout.write(frame(obj));
const ok = (id, payload) => send({ id, status: 'success', payload });
const err = (id, code, message, reason) =>
  send({ id, status: 'error', payload: { code, message, source_lang: 'typescript', ...(reason ? { reason } : {}) } });

const faults = {
  kill: () => process.kill(process.pid, 'SIGKILL'),
  hang: () => {},
  garbage: () => process.stdout.write(Buffer.from('this is not a frame\n')),
  oversize: () => {
    const h = Buffer.alloc(16);
    MAGIC.copy(h, 0);
    h.writeBigUInt64LE(outSeq++, 4);
    h.writeUInt32LE(0xfffffff0, 12);
    process.stdout.write(h);
  },
  half_frame_eof: (req) => {
    const whole = frame({ id: req.id, status: 'success', payload: { cut: true } });
    process.stdout.write(whole.subarray(0, 20), () => process.exit(0));
  },
  wrong_id: (req) => ok(req.id + 1000, { wrong: true }),
  error: (req) => err(req.id, req.params.code ?? 3001, 'scripted error', req.params.reason),
  notify: (req) => {
    send({ event: 'log', level: 'warn', message: 'scripted log event' });
    send({ event: 'api_retry', attempt: 1, retry_delay_ms: 500, error_status: 529 });
    ok(req.id, { notified: true });
  },
  stderr: (req) => {
    for (const line of req.params.lines ?? []) process.stderr.write(line + '\n');
    ok(req.id, { wrote: (req.params.lines ?? []).length });
  },
  exit: (req) => process.exit(req.params.code ?? 0),
  grow: (req) => {
    hoard.push(Buffer.alloc((req.params.mb ?? 64) * 1024 * 1024, 1));
    ok(req.id, { rss: process.memoryUsage().rss });
  },
};

function answer(req) {
  const fault = req.params?.fault;
  if (fault) return faults[fault](req);
  switch (req.method) {
    case 'ping': return ok(req.id, { pong: true });
    case 'echo': return ok(req.id, { echo: req.params, pid: process.pid });
    case 'shutdown': ok(req.id, {}); return process.stdin.pause();
    default: return err(req.id, 1002, `unknown method ${req.method}`);
  }
}

function handshake(req) {
  if (startup === 'no_handshake') return;
  const version = startup === 'bad_version' ? 2 : 1;
  maxFrame = Math.min(req.params.max_frame_bytes ?? maxFrame, 16 * 1024 * 1024);
  ok(req.id, { protocol_version: version, max_frame_bytes: maxFrame, bridge_version: 'fake-0',
    sdk_version: 'none', capabilities: ['ping', 'echo', 'faults'] });
}

function cancel(req) {
  const target = req.params.target_id;
  const timer = pending.get(target);
  if (timer) {
    clearTimeout(timer);
    pending.delete(target);
    err(target, 2001, 'cancelled');
  }
  ok(req.id, { cancelled: Boolean(timer) });
}

function handle(req) {
  if (req.params?.announce) process.stderr.write(`fake bridge got request ${req.id}\n`);
  if (req.method === 'handshake') return handshake(req);
  if (req.method === 'cancel') return cancel(req);
  const delay = req.params?.delay_ms ?? 0;
  if (delay <= 0) return answer(req);
  pending.set(req.id, setTimeout(() => { pending.delete(req.id); answer(req); }, delay));
}

function onData(chunk) {
  inBuf = Buffer.concat([inBuf, chunk]);
  while (inBuf.length >= 16) {
    if (!inBuf.subarray(0, 4).equals(MAGIC)) { process.stderr.write('bad magic from client\n'); process.exit(12); }
    const seq = inBuf.readBigUInt64LE(4);
    const len = inBuf.readUInt32LE(12);
    if (seq !== inSeq) { process.stderr.write(`bad sequence ${seq}, expected ${inSeq}\n`); process.exit(12); }
    if (len > maxFrame) { process.stderr.write('frame too large\n'); process.exit(13); }
    if (inBuf.length < 16 + len) return;
    const payload = inBuf.subarray(16, 16 + len).toString('utf8');
    inBuf = inBuf.subarray(16 + len);
    inSeq++;
    handle(JSON.parse(payload));
  }
}

function start() {
  process.stdin.on('data', onData);
  process.stdin.on('end', () => {
    if (ignoreTerm) return; // keeps running: the client must escalate to SIGKILL
    const finish = () => (pending.size === 0 ? process.stdout.end() : setTimeout(finish, 5));
    finish();
  });
}

const delay = Number(process.env.FAKE_BRIDGE_START_DELAY_MS ?? 0);
if (startup === 'slow' && delay > 0) setTimeout(start, delay);
else start();
