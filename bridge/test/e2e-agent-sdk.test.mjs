// SPDX-License-Identifier: MIT
// End to end through the Agent SDK engine: query() spawns the real native Claude Code binary,
// which talks to the fake on loopback. Each query pays the CLI start-up (docs/performance.md).
import { defineEngineScenarios } from './e2e-scenarios.mjs';

defineEngineScenarios('agent-sdk', {
  // Measured: after a malformed or cut stream the CLI retries once without streaming, even with
  // CLAUDE_CODE_MAX_RETRIES=0, so one failed attempt costs two HTTP requests.
  requestsPerFailedAttempt: { malformed: 2, disconnect: 2 },
  // The CLI does not pass the retry-after header on; only the Messages API engine can report it.
  retryAfterVisible: false,
  cliValidatesSchema: true,
});
