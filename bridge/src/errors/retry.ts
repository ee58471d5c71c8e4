import { classifyFailure } from './error-map.js';
import { UpstreamFailure } from './upstream-failure.js';

/** What the plugin sees, as an `api_retry` notification, before each retry. */
export interface RetryNotice {
  attempt: number;
  max_retries: number;
  retry_delay_ms: number;
  error_status: number | null;
  error: string;
}

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Same shape as the Anthropic SDK's own schedule: 0.5 s x 2^n, capped at 8 s, minus up to 25 % jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8000 };

export function retryDelayMs(policy: RetryPolicy, retryIndex: number, hintMs: number | null, random = Math.random): number {
  if (hintMs !== null) return hintMs;
  const exponential = Math.min(policy.baseDelayMs * 2 ** retryIndex, policy.maxDelayMs);
  return Math.round(exponential * (1 - 0.25 * random()));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryOptions {
  policy: RetryPolicy;
  signal: AbortSignal;
  onRetry: (notice: RetryNotice) => void;
  /** When the request's deadline expires (performance.now() time); unknown = never wait out a 429. */
  deadlineAt?: number;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, runs out of retries, or the
 * signal fires. Failures the error table marks retryable (overload, 5xx, lost connection) are
 * retried with backoff. A 429 rate limit is capacity, not a fault: when the server said how long
 * to wait (retry-after) and that wait ends before the request's deadline, it is waited out and
 * the call retried; otherwise it is returned at once with its retry-after.
 */
export async function withRetries<T>(attempt: (attemptIndex: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let retryIndex = 0; ; retryIndex += 1) {
    try {
      return await attempt(retryIndex);
    } catch (error) {
      if (!shouldRetry(error, retryIndex, options)) throw error;
      const failure = error as UpstreamFailure;
      const delay = retryDelayMs(options.policy, retryIndex, failure.retryAfterMs);
      options.onRetry({
        attempt: retryIndex + 1,
        max_retries: options.policy.maxRetries,
        retry_delay_ms: delay,
        error_status: failure.status,
        error: failure.errorType ?? 'unknown',
      });
      await sleep(delay, options.signal);
    }
  }
}

/** A 429 whose retry-after ends before the deadline (with a margin for the retried call itself). */
function waitable(failure: UpstreamFailure, options: RetryOptions): boolean {
  if (failure.retryAfterMs === null || options.deadlineAt === undefined) return false;
  const rule = classifyFailure(failure);
  const MARGIN_MS = 250;
  return rule.reason === 'rate-limited' && performance.now() + failure.retryAfterMs + MARGIN_MS < options.deadlineAt;
}

function shouldRetry(error: unknown, retryIndex: number, options: RetryOptions): boolean {
  if (!(error instanceof UpstreamFailure) || options.signal.aborted) return false;
  if (retryIndex >= options.policy.maxRetries) return false;
  return classifyFailure(error).retryable || waitable(error, options);
}
