import type { RetryNotice } from '../errors/retry.js';

export const ENGINE_NAMES = ['messages-api', 'agent-sdk'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export function isEngineName(value: unknown): value is EngineName {
  return typeof value === 'string' && (ENGINE_NAMES as readonly string[]).includes(value);
}

/** One attempt at getting a structured answer from Claude. */
export interface EngineCall {
  systemPrompt: string;
  userPrompt: string;
  /** JSON Schema of the answer, offered to the model as the answer tool's input schema. */
  schema: Record<string, unknown>;
  model: string;
  maxTurns: number;
  maxBudgetUsd: number;
  signal: AbortSignal;
  /** Retries the engine's own machinery reports (the CLI's first-byte-timeout retry). */
  onRetry: (notice: RetryNotice) => void;
}

export interface EngineAnswer {
  /** The answer tool's input, not yet validated. Undefined when the model never gave one. */
  structuredOutput: unknown;
  costUsd: number | null;
  /** How long the engine took from call to answer, and how much of that was spent before the first API byte. */
  durationMs: number;
  startupMs: number | null;
}

/** Throws UpstreamFailure for API errors, BridgeError for anything already classified. */
export interface Engine {
  readonly name: EngineName;
  run(call: EngineCall): Promise<EngineAnswer>;
  /** Loads the engine's SDK ahead of the first request. */
  warmUp(): Promise<unknown>;
}

/** Name of the answer tool; the Agent SDK's CLI uses this name for structured output, so both engines do. */
export const ANSWER_TOOL_NAME = 'StructuredOutput';
