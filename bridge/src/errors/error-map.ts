// SPDX-License-Identifier: MIT
import { ErrorCode, type FailureReason } from './error-codes.js';
import type { UpstreamFailure } from './upstream-failure.js';

/**
 * THE table that turns a failed Claude call into a protocol error. Rules are tried in order; the
 * first match wins. `retryable` rows are retried by the bridge's retry loop (src/errors/retry.ts),
 * the only layer that retries: the Anthropic SDK runs with maxRetries 0 and the Claude Code CLI
 * with CLAUDE_CODE_MAX_RETRIES=0 (docs/bridge-protocol.md, "Retries").
 *
 * Both engines feed it: the Messages API engine gives HTTP status, error type and details code;
 * the Agent SDK engine gives the status (`api_error_status`), the assistant error kind and the
 * CLI's message text, hence the text patterns.
 */
export interface ErrorRule {
  name: string;
  code: ErrorCode;
  reason: FailureReason;
  retryable: boolean;
  matches(failure: UpstreamFailure): boolean;
}

const SPEND_LIMIT_TEXT = /spend limit|usage limit|quota|credit balance|billing/i;

const hasStatus = (failure: UpstreamFailure, ...statuses: number[]): boolean =>
  failure.status !== null && statuses.includes(failure.status);
const hasType = (failure: UpstreamFailure, ...types: string[]): boolean =>
  failure.errorType !== null && types.includes(failure.errorType);
const isSpendLimit = (failure: UpstreamFailure): boolean =>
  failure.detailsCode === 'enforced_spend_limit_reached' || SPEND_LIMIT_TEXT.test(failure.message);

export const ERROR_TABLE: readonly ErrorRule[] = [
  {
    name: 'spend limit (429 or 403 with enforced_spend_limit_reached)',
    reason: 'quota-exceeded',
    code: ErrorCode.QuotaExceeded,
    retryable: false,
    matches: (f) => hasStatus(f, 429, 403) && isSpendLimit(f),
  },
  {
    name: 'billing (402 / billing_error)',
    reason: 'quota-exceeded',
    code: ErrorCode.QuotaExceeded,
    retryable: false,
    matches: (f) => hasStatus(f, 402) || hasType(f, 'billing_error'),
  },
  {
    name: 'rate limited (429 / rate_limit_error)',
    reason: 'rate-limited',
    code: ErrorCode.RateLimited,
    retryable: false,
    matches: (f) => hasStatus(f, 429) || hasType(f, 'rate_limit_error', 'rate_limit'),
  },
  {
    name: 'invalid API key (401 / authentication_error)',
    reason: 'invalid-api-key',
    code: ErrorCode.InvalidApiKey,
    retryable: false,
    matches: (f) => hasStatus(f, 401) || hasType(f, 'authentication_error', 'authentication_failed'),
  },
  {
    name: 'permission denied (403 / permission_error)',
    reason: 'invalid-api-key',
    code: ErrorCode.InvalidApiKey,
    retryable: false,
    matches: (f) => hasStatus(f, 403) || hasType(f, 'permission_error'),
  },
  {
    name: 'overloaded (529 / overloaded_error)',
    reason: 'overloaded',
    code: ErrorCode.RateLimited,
    retryable: true,
    matches: (f) => hasStatus(f, 529) || hasType(f, 'overloaded_error', 'overloaded'),
  },
  {
    name: 'server error (5xx / api_error)',
    reason: 'server-error',
    code: ErrorCode.WorkerCrashed,
    retryable: true,
    matches: (f) => (f.status !== null && f.status >= 500) || hasType(f, 'api_error', 'server_error'),
  },
  {
    name: 'request timeout or conflict (408 / 409)',
    reason: 'bridge-error',
    code: ErrorCode.WorkerCrashed,
    retryable: true,
    matches: (f) => hasStatus(f, 408, 409),
  },
  {
    name: 'connection lost or malformed response (no status)',
    reason: 'bridge-error',
    code: ErrorCode.WorkerCrashed,
    retryable: true,
    matches: (f) => f.status === null && f.errorType === null,
  },
  {
    name: 'anything else (invalid request, unknown model, ...)',
    reason: 'bridge-error',
    code: ErrorCode.WorkerCrashed,
    retryable: false,
    matches: () => true,
  },
];

export function classifyFailure(failure: UpstreamFailure): ErrorRule {
  return ERROR_TABLE.find((rule) => rule.matches(failure)) as ErrorRule;
}
