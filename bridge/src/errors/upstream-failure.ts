// SPDX-License-Identifier: MIT
/**
 * A failed call to Claude, reduced to what the error table needs, whichever engine made the call:
 * the HTTP status (when there was a response), the API's error type (`rate_limit_error`, ...) or
 * the Agent SDK's assistant error kind (`rate_limit`, `overloaded`, ...), the API's
 * `error.details.error_code`, and the server's retry hint.
 */
export class UpstreamFailure extends Error {
  readonly status: number | null;
  readonly errorType: string | null;
  readonly detailsCode: string | null;
  readonly retryAfterMs: number | null;

  constructor(fields: {
    message: string;
    status?: number | null;
    errorType?: string | null;
    detailsCode?: string | null;
    retryAfterMs?: number | null;
  }) {
    super(fields.message);
    this.name = 'UpstreamFailure';
    this.status = fields.status ?? null;
    this.errorType = fields.errorType ?? null;
    this.detailsCode = fields.detailsCode ?? null;
    this.retryAfterMs = fields.retryAfterMs ?? null;
  }
}

/** Longest wait we accept from a retry hint: 2^31-1 ms, as the Anthropic SDK does. */
const MAX_RETRY_AFTER_MS = 2 ** 31 - 1;

/**
 * Parses `retry-after-ms` (milliseconds) or `retry-after` (seconds, or an HTTP date) into
 * milliseconds; null when absent or unusable.
 */
export function parseRetryAfter(headerValue: (name: string) => string | null | undefined, now = Date.now()): number | null {
  const milliseconds = Number(headerValue('retry-after-ms'));
  if (headerValue('retry-after-ms') && Number.isFinite(milliseconds) && milliseconds >= 0) {
    return Math.min(Math.round(milliseconds), MAX_RETRY_AFTER_MS);
  }
  const raw = headerValue('retry-after');
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(Math.round(seconds * 1000), MAX_RETRY_AFTER_MS);
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}
