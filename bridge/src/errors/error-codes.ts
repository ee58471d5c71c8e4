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

/** An error that already knows which protocol code it is answered with. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

export function errorCodeName(code: ErrorCode): string {
  return ErrorCode[code] ?? `Unknown(${code})`;
}
