// SPDX-License-Identifier: MIT
// --sandboxed is checked, not believed: the bridge reads its own confinement from the kernel and
// refuses to start without it. The positive control (a worker that does start with --sandboxed,
// inside pmat-sandbox-exec) is the C++ suites' real sandboxed bridge (plugin/sandbox/tests/
// bridge_test.cpp, plugin/tests/claude_e2e_tests.cpp).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SANDBOX_REFUSED_EXIT, confinementOf, sandboxRefusal } from '../dist/sandbox-check.js';
import { bridgeEnv, spawnBridge } from './support.mjs';

const CONFINED = 'Name:\tnode\nNoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n';

test('the kernel fields are read exactly: NoNewPrivs 1 and Seccomp 2 (filter mode)', () => {
  assert.deepEqual(confinementOf(CONFINED), { noNewPrivs: true, seccompFilter: true });
  assert.deepEqual(confinementOf('NoNewPrivs:\t0\nSeccomp:\t0\n'), { noNewPrivs: false, seccompFilter: false });
  // Strict mode (1) is not the launcher's filter; a missing field is not evidence.
  assert.deepEqual(confinementOf('NoNewPrivs:\t1\nSeccomp:\t1\n'), { noNewPrivs: true, seccompFilter: false });
  assert.deepEqual(confinementOf('Seccomp_filters:\t2\n'), { noNewPrivs: false, seccompFilter: false });
});

test('a refusal names what is missing; a confined process is not refused', () => {
  assert.equal(sandboxRefusal(CONFINED), null);
  assert.match(sandboxRefusal('NoNewPrivs:\t1\nSeccomp:\t0\n'), /no seccomp filter is installed/);
  assert.match(sandboxRefusal('NoNewPrivs:\t0\nSeccomp:\t2\n'), /no_new_privs is not set/);
  assert.match(sandboxRefusal(null), /unreadable/);
});

test('started with --sandboxed outside the sandbox, the bridge refuses with EX_CONFIG and says why', async () => {
  const status = confinementOf(await import('node:fs').then((fs) => fs.readFileSync('/proc/self/status', 'utf8')));
  assert.equal(status.seccompFilter, false, 'this test must itself run unconfined');
  const client = spawnBridge(bridgeEnv('http://127.0.0.1:9'), ['--sandboxed']);
  const exited = await client.exited;
  assert.deepEqual(exited, { code: SANDBOX_REFUSED_EXIT, signal: null });
  assert.match(client.stderr, /started with --sandboxed, but this process is not confined \(.*no seccomp filter is installed\)/);
});
