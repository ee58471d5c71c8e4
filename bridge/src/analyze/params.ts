import { BridgeError, ErrorCode } from '../errors/error-codes.js';
import { isEngineName, type EngineName } from '../engines/engine.js';
import { PROMPT_VERSION } from './prompt.js';

export interface SourceFile {
  path: string;
  language: string;
  content: string;
}

export interface AnalyzeRequest {
  files: SourceFile[];
  model: string | null;
  maxTurns: number;
  maxBudgetUsd: number;
  timeoutMs: number | null;
  /** The first answer's output budget (max_tokens); null = sized from the batch. */
  maxOutputTokens: number | null;
  /** The model's output ceiling: no retry asks for more. */
  maxOutputTokensLimit: number;
  promptVersion: string;
  engine: EngineName | null;
}

export const ANALYZE_LIMITS = {
  maxFiles: 64,
  defaultMaxTurns: 2,
  defaultMaxBudgetUsd: 0.5,
  maxTurnsCeiling: 10,
  /** Output budget per file when the request does not name one. */
  outputTokensPerFile: 4096,
  /** Output ceiling when the request does not name the model's. */
  defaultOutputTokensLimit: 32000,
};

/** The first answer's max_tokens: the request's, else per-file x files; never above the ceiling. */
export function outputBudget(request: AnalyzeRequest): number {
  const sized = request.maxOutputTokens ?? ANALYZE_LIMITS.outputTokensPerFile * request.files.length;
  return Math.min(sized, request.maxOutputTokensLimit);
}

function positiveInteger(value: unknown, name: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw invalid(`${name} must be a positive integer`);
  return value;
}

function invalid(message: string): BridgeError {
  return new BridgeError(ErrorCode.FramingError, `invalid analyze params: ${message}`);
}

function parseFile(value: unknown, index: number): SourceFile {
  const file = (value ?? {}) as Record<string, unknown>;
  for (const key of ['path', 'content'] as const) {
    if (typeof file[key] !== 'string') throw invalid(`files[${index}].${key} must be a string`);
  }
  if ((file.path as string).length === 0) throw invalid(`files[${index}].path is empty`);
  const language = typeof file.language === 'string' && file.language ? file.language : 'unknown';
  return { path: file.path as string, language, content: file.content as string };
}

function parseFiles(value: unknown): SourceFile[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('files must be a non-empty array');
  if (value.length > ANALYZE_LIMITS.maxFiles) throw invalid(`at most ${ANALYZE_LIMITS.maxFiles} files per request`);
  const files = value.map(parseFile);
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw invalid(`duplicate path ${JSON.stringify(file.path)}: answers are matched by path`);
    seen.add(file.path);
  }
  return files;
}

function positiveNumber(value: unknown, name: string, fallback: number | null): number | null {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number`);
  return value;
}

function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${name} must be a non-empty string`);
  return value;
}

function parseEngine(value: unknown): EngineName | null {
  if (value === undefined || value === null) return null;
  if (!isEngineName(value)) throw invalid(`engine must be "agent-sdk" or "messages-api"`);
  return value;
}

export function parseAnalyzeParams(params: unknown): AnalyzeRequest {
  const raw = (params ?? {}) as Record<string, unknown>;
  const maxTurns = positiveNumber(raw.max_turns, 'max_turns', ANALYZE_LIMITS.defaultMaxTurns) as number;
  if (!Number.isInteger(maxTurns) || maxTurns > ANALYZE_LIMITS.maxTurnsCeiling) {
    throw invalid(`max_turns must be an integer from 1 to ${ANALYZE_LIMITS.maxTurnsCeiling}`);
  }
  const promptVersion = optionalString(raw.prompt_version, 'prompt_version') ?? PROMPT_VERSION;
  if (promptVersion !== PROMPT_VERSION) throw invalid(`prompt_version ${promptVersion} is not supported (this bridge has ${PROMPT_VERSION})`);
  return {
    files: parseFiles(raw.files),
    model: optionalString(raw.model, 'model'),
    maxTurns,
    maxBudgetUsd: positiveNumber(raw.max_budget_usd, 'max_budget_usd', ANALYZE_LIMITS.defaultMaxBudgetUsd) as number,
    timeoutMs: positiveNumber(raw.timeout_ms, 'timeout_ms', null),
    maxOutputTokens: positiveInteger(raw.max_output_tokens, 'max_output_tokens'),
    maxOutputTokensLimit: positiveInteger(raw.max_output_tokens_limit, 'max_output_tokens_limit') ?? ANALYZE_LIMITS.defaultOutputTokensLimit,
    promptVersion,
    engine: parseEngine(raw.engine),
  };
}
