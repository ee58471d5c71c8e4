import { BridgeError, ErrorCode, type FailureReason } from '../errors/error-codes.js';
import { classifyFailure } from '../errors/error-map.js';
import { UpstreamFailure } from '../errors/upstream-failure.js';
import type { JsonObject } from '../frame/codec.js';

/** Request ids are u64 chosen by the plugin; JSON numbers arrive as JS numbers. */
export type RequestId = number;

export function successResponse(id: RequestId, payload: unknown): JsonObject {
  return { id, status: 'success', payload };
}

export function timeoutResponse(id: RequestId, elapsedMs: number): JsonObject {
  return { id, status: 'timeout', payload: { elapsed_ms: Math.round(elapsedMs) } };
}

export interface ErrorPayload {
  code: ErrorCode;
  /** Which failure exactly (a stable name the plugin maps to its failure enum). */
  reason: FailureReason;
  message: string;
  retry_after_ms?: number;
  source_lang: 'typescript';
}

function upstreamPayload(failure: UpstreamFailure): ErrorPayload {
  const rule = classifyFailure(failure);
  const status = failure.status === null ? '' : ` (HTTP ${failure.status})`;
  const payload: ErrorPayload = { code: rule.code, reason: rule.reason, message: `${rule.name}${status}: ${failure.message}`, source_lang: 'typescript' };
  if (failure.retryAfterMs !== null && rule.code === ErrorCode.RateLimited) payload.retry_after_ms = failure.retryAfterMs;
  return payload;
}

/** Turns anything thrown while serving a request into the protocol's error payload. */
export function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof UpstreamFailure) return upstreamPayload(error);
  if (error instanceof BridgeError) {
    const payload: ErrorPayload = { code: error.code, reason: error.reason, message: error.message, source_lang: 'typescript' };
    if (error.retryAfterMs !== undefined) payload.retry_after_ms = error.retryAfterMs;
    return payload;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: ErrorCode.WorkerCrashed, reason: 'bridge-error', message: `bridge internal error: ${message}`, source_lang: 'typescript' };
}

export function errorResponse(id: RequestId, error: unknown): JsonObject {
  return { id, status: 'error', payload: errorPayload(error) };
}

export function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
