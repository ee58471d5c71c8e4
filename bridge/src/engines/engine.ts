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
  /** The answer's output budget (the API's max_tokens). */
  maxOutputTokens: number;
  maxTurns: number;
  maxBudgetUsd: number;
  signal: AbortSignal;
  /** Retries the engine's own machinery reports (the CLI's first-byte-timeout retry). */
  onRetry: (notice: RetryNotice) => void;
}

/** Token usage under the Messages API's own field names. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

export const NO_USAGE: Usage = { input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cache_read_input_tokens: a.cache_read_input_tokens + b.cache_read_input_tokens,
    cache_creation_input_tokens: a.cache_creation_input_tokens + b.cache_creation_input_tokens,
  };
}

export interface EngineAnswer {
  /** The answer tool's input, not yet validated. Undefined when the model never gave one. */
  structuredOutput: unknown;
  /** Why the model stopped (`tool_use`, `end_turn`, `max_tokens`, ...); null when unknown. */
  stopReason: string | null;
  /** What the call consumed, as the API (or the Agent SDK's result) reported it. */
  usage: Usage;
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
