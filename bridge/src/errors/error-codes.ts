// SPDX-License-Identifier: MIT
/** Upstream pmat's `ErrorCode` values (stable across versions; same numbers in the C++ plugin). */
export enum ErrorCode {
  PipeBrokenPipe = 1001,
  FramingError = 1002,
  MessageTooLarge = 1003,
  InitializationTimeout = 2001,
  WorkerCrashed = 2002,
  PoolExhausted = 2003,
  RateLimited = 3001,
  QuotaExceeded = 3002,
  InvalidApiKey = 3003,
  ComplexityExceeded = 4001,
  SatdDetected = 4002,
  QualityGateFailed = 4003,
}

/**
 * Which failure exactly, sent as the error payload's `reason` (docs/bridge-protocol.md): the code
 * says the family, this says e.g. a 529 overload from a 429 rate limit (both RateLimited 3001).
 * The plugin's failure enum (plugin/bridge/include/pmat/bridge/failure.hpp) has the same names.
 */
export type FailureReason =
  | 'deadline'
  | 'rate-limited'
  | 'overloaded'
  | 'quota-exceeded'
  | 'invalid-api-key'
  | 'transport-error'
  | 'invalid-answer'
  | 'truncated'
  | 'budget-exhausted'
  | 'server-error'
  | 'bridge-error';

/** The reason a code means when nothing more specific is known. */
export function defaultReason(code: ErrorCode): FailureReason {
  const byCode: Partial<Record<ErrorCode, FailureReason>> = {
    [ErrorCode.PipeBrokenPipe]: 'transport-error',
    [ErrorCode.FramingError]: 'transport-error',
    [ErrorCode.MessageTooLarge]: 'transport-error',
    [ErrorCode.InitializationTimeout]: 'deadline',
    [ErrorCode.RateLimited]: 'rate-limited',
    [ErrorCode.QuotaExceeded]: 'quota-exceeded',
    [ErrorCode.InvalidApiKey]: 'invalid-api-key',
  };
  return byCode[code] ?? 'bridge-error';
}

/** An error that already knows which protocol code (and failure reason) it is answered with. */
export class BridgeError extends Error {
  readonly reason: FailureReason;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
    reason?: FailureReason,
  ) {
    super(message);
    this.name = 'BridgeError';
    this.reason = reason ?? defaultReason(code);
  }
}

export function errorCodeName(code: ErrorCode): string {
  return ErrorCode[code] ?? `Unknown(${code})`;
}
