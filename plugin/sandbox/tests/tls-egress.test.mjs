// SPDX-License-Identifier: MIT
// Egress by host name over TLS: how a sandboxed worker reaches the default endpoint,
// https://api.anthropic.com. Every other end-to-end test uses plain HTTP to 127.0.0.1; here a local
// HTTPS fake of the API with a certificate from a test CA answers for the name
// api.pmat-fake.test, which a private mount namespace's /etc/hosts resolves to 127.0.0.1 for the
// launcher (the way DNS resolves the real name outside the sandbox). Inside, the sandboxed bridge
// reaches it by that name through the egress relay, with TLS end to end (SNI, certificate checked
// against the test CA given as NODE_EXTRA_CA_CERTS); a probe inside the same sandbox then shows
// that other names and addresses are refused.
//
//   PMAT_SANDBOX_EXEC=<launcher> node plugin/sandbox/tests/tls-egress.test.mjs    (root: exit 77
//   with a reason otherwise; ctest pmat_sandbox_tls_egress_by_name)
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const NAME = 'api.pmat-fake.test';

if (process.getuid() !== 0) {
  console.log('skipped: needs root (a private mount namespace gives the test name a loopback address in /etc/hosts)');
  process.exit(77);
}
const LAUNCHER = process.env.PMAT_SANDBOX_EXEC;
assert.ok(LAUNCHER, 'PMAT_SANDBOX_EXEC names the launcher');

const { startFakeAnthropic } = await import(join(REPO, 'bridge', 'test', 'fake-anthropic.mjs'));
const { BridgeClient, sampleFile } = await import(join(REPO, 'bridge', 'test', 'support.mjs'));

// Not under /tmp: the sandbox mounts its own /tmp over it, hiding a bind of the CA from there.
const work = mkdtempSync('/var/tmp/pmat-tls-egress-');
chmodSync(work, 0o755); // the worker runs as nobody: it must reach ca.pem (0644; the keys stay 0600)
let fake;

/** A test CA and a certificate for NAME signed by it (P-256 keys: generated in milliseconds). */
function makeCertificates() {
  const openssl = (...args) => execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=pmat test CA');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${NAME}`);
  writeFileSync(join(work, 'server.ext'), `subjectAltName=DNS:${NAME}\nbasicConstraints=CA:FALSE\n`);
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  return { key: readFileSync(join(work, 'server.key')), cert: readFileSync(join(work, 'server.pem')), name: NAME };
}

/**
 * `payload` under pmat-sandbox-exec with egress to NAME:port, started in a private mount
 * namespace whose /etc/hosts also maps NAME to 127.0.0.1 (the launcher resolves the name there).
 */
function sandboxed(payload, port) {
  const hosts = join(work, 'hosts');
  writeFileSync(hosts, `${readFileSync('/etc/hosts', 'utf8')}\n127.0.0.1 ${NAME}\n`);
  const node = realpathSync(process.execPath);
  const launcher = [LAUNCHER, '--sandbox-root', `${work}-sandboxes`, '--ro-bind', node, '--ro-bind', join(REPO, 'bridge'), '--ro-bind', work,
    '--network', 'egress', '--egress', `${NAME}:${port}`, '--keep-env', 'NODE_EXTRA_CA_CERTS', '--keep-env', 'PMAT_CLAUDE_MODEL', '--keep-env', 'PMAT_CLAUDE_MAX_RETRIES', '--', node, ...payload];
  const setup = 'mount --bind "$1" /etc/hosts && shift && exec "$@"';
  const env = {
    PATH: '/usr/bin:/bin',
    ANTHROPIC_API_KEY: 'test-key-not-real',
    ANTHROPIC_BASE_URL: `https://${NAME}:${port}`,
    NODE_EXTRA_CA_CERTS: join(work, 'ca.pem'),
    PMAT_CLAUDE_MODEL: 'claude-sonnet-5-5',
    PMAT_CLAUDE_MAX_RETRIES: '0',
  };
  return spawn('unshare', ['--mount', '--propagation', 'private', '--', 'sh', '-c', setup, 'sh', hosts, ...launcher], { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

before(async () => {
  fake = await startFakeAnthropic({ tls: makeCertificates() });
});

after(async () => {
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(`${work}-sandboxes`, { recursive: true, force: true });
});

test('the sandboxed bridge reaches the API by host name over TLS through the egress relay', async () => {
  const client = new BridgeClient(sandboxed([join(REPO, 'bridge', 'dist', 'index.js'), '--sandboxed'], fake.port));
  try {
    await client.handshake({ max_frame_bytes: 65536 });
    const reply = await client.call('analyze', { engine: 'messages-api', files: [sampleFile()] }, {}, 30000);
    assert.equal(reply.status, 'success', JSON.stringify(reply).slice(0, 2000) + client.stderr.slice(-2000));
    assert.equal(reply.payload.files[0].path, 'src/a.c');
  } finally {
    client.closeInput();
    await client.exited;
  }
  assert.equal(fake.requestCount, 1);
  const [request] = fake.messageRequests;
  assert.equal(request.servername, NAME, 'TLS SNI carries the name: the relay forwards bytes, TLS stays end to end');
  assert.equal(request.headers.host, `${NAME}:${fake.port}`);
});

// What a compromised worker would try: the endpoint by name works (the positive control); any
// other name does not resolve, other addresses are unreachable, and the only loopback listener is
// the relay's.
const PROBE = `
import dns from 'node:dns/promises';
import net from 'node:net';
const [port, outside] = process.argv.slice(1);
const attempt = (promise) => promise.then(() => 'reached', (error) => error.code ?? error.cause?.code ?? error.message);
const tcp = (host, p) => new Promise((resolve, reject) => {
  const socket = net.connect({ host, port: Number(p), timeout: 3000 }, () => { socket.destroy(); resolve(); });
  socket.on('error', reject);
  socket.on('timeout', () => { socket.destroy(); reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })); });
});
const outcomes = {
  endpoint_by_name: await attempt(fetch('https://${NAME}:' + port + '/v1/models')),
  other_name: await attempt(dns.lookup('example.com')),
  outside_address: await attempt(tcp(outside, 53)),
  other_loopback_port: await attempt(tcp('127.0.0.1', Number(port) + 1)),
  endpoint_by_address_without_the_name: await attempt(fetch('https://127.0.0.1:' + port + '/v1/models')),
};
console.log(JSON.stringify(outcomes));
`;

test('inside the same sandbox, other names and addresses are refused', async () => {
  const outside = readFileSync('/etc/resolv.conf', 'utf8').match(/^nameserver\s+(\d+\.\d+\.\d+\.\d+)/m)?.[1] ?? '192.0.2.1';
  const child = sandboxed(['--input-type=module', '-e', PROBE, String(fake.port), outside], fake.port);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end();
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, stderr.slice(-2000));
  const outcomes = JSON.parse(stdout.trim().split('\n').pop());
  assert.equal(outcomes.endpoint_by_name, 'reached');
  assert.ok(fake.otherRequests.some((request) => request.path === '/v1/models' && request.servername === NAME), JSON.stringify(fake.otherRequests));
  assert.match(outcomes.other_name, /ENOTFOUND|EAI_AGAIN/);
  assert.match(outcomes.outside_address, /ENETUNREACH|EHOSTUNREACH|TIMEOUT/);
  assert.equal(outcomes.other_loopback_port, 'ECONNREFUSED');
  // The relay's listener by address reaches the endpoint, but TLS refuses a certificate that does
  // not name 127.0.0.1: only the configured name is ever trusted.
  assert.match(outcomes.endpoint_by_address_without_the_name, /ERR_TLS_CERT_ALTNAME_INVALID/);
});
