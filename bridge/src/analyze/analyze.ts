import { BridgeError, ErrorCode } from '../errors/error-codes.js';
import { withRetries, type RetryNotice, type RetryPolicy } from '../errors/retry.js';
import { NO_USAGE, addUsage, type Engine, type EngineAnswer, type EngineName, type Usage } from '../engines/engine.js';
import { analysisJsonSchema } from '../schema/analysis-schema.js';
import { splitAnswer, type FileResult } from './answer.js';
import { outputBudget, type AnalyzeRequest, type SourceFile } from './params.js';
import { PROMPT_VERSION, SYSTEM_PROMPT, buildUserPrompt } from './prompt.js';

export interface AnalyzeContext {
  engines: Record<EngineName, Engine>;
  defaultEngine: EngineName;
  defaultModel: string;
  retryPolicy: RetryPolicy;
  signal: AbortSignal;
  /** When the request's deadline expires (performance.now() time): a 429 is waited out only before it. */
  deadlineAt?: number;
  notifyRetry: (notice: RetryNotice) => void;
}

export interface AnalyzeResult {
  engine: EngineName;
  model: string;
  prompt_version: string;
  files: FileResult[];
  attempts: number;
  /** Answers that stopped at max_tokens and were split or retried (never accepted). */
  truncated_attempts: number;
  /** Everything the request consumed, truncated attempts included. */
  usage: Usage;
  cost_usd: number | null;
  duration_ms: number;
  startup_ms: number | null;
}

/** What the attempts of one request add up to. */
interface Tally {
  attempts: number;
  truncated: number;
  usage: Usage;
  costUsd: number | null;
  durationMs: number;
  startupMs: number | null;
}

const schema = analysisJsonSchema();

interface Job {
  request: AnalyzeRequest;
  context: AnalyzeContext;
  engine: Engine;
  model: string;
  limit: number;
  tally: Tally;
}

/** One question to Claude (with the error table's retries), counted into the tally. */
async function ask(job: Job, files: SourceFile[], budget: number): Promise<EngineAnswer> {
  const userPrompt = buildUserPrompt(files);
  const answer = await withRetries(
    () => {
      job.tally.attempts += 1;
      return job.engine.run({
        systemPrompt: SYSTEM_PROMPT,
        userPrompt,
        schema,
        model: job.model,
        maxOutputTokens: budget,
        maxTurns: job.request.maxTurns,
        maxBudgetUsd: job.request.maxBudgetUsd,
        signal: job.context.signal,
        onRetry: job.context.notifyRetry,
      });
    },
    { policy: job.context.retryPolicy, signal: job.context.signal, onRetry: job.context.notifyRetry, deadlineAt: job.context.deadlineAt },
  );
  const tally = job.tally;
  tally.usage = addUsage(tally.usage, answer.usage);
  tally.costUsd = answer.costUsd === null ? tally.costUsd : (tally.costUsd ?? 0) + answer.costUsd;
  tally.durationMs += answer.durationMs;
  tally.startupMs ??= answer.startupMs;
  return answer;
}

function truncatedEntry(file: SourceFile, budget: number): FileResult {
  const message = `Claude's answer for this file stopped at max_tokens (${budget}), even with the largest budget allowed`;
  return { path: file.path, error: { code: ErrorCode.WorkerCrashed, reason: 'truncated', message } };
}

/**
 * The files' answers, never a partial one: an answer that stopped at max_tokens is dropped; a
 * batch is split in halves, each asked again with the same budget (so twice the room per file);
 * a single file is asked once more with twice the budget, bounded by the model's limit, and
 * otherwise fails as `truncated`.
 */
async function answerFiles(job: Job, files: SourceFile[], budget: number, enlarged = false): Promise<FileResult[]> {
  const answer = await ask(job, files, budget);
  if (answer.stopReason !== 'max_tokens') return splitAnswer(answer.structuredOutput, files);
  job.tally.truncated += 1;
  if (files.length > 1) {
    const middle = Math.ceil(files.length / 2);
    const halves = await Promise.all([files.slice(0, middle), files.slice(middle)].map((half) => answerFiles(job, half, budget)));
    return halves.flat();
  }
  const larger = Math.min(budget * 2, job.limit);
  if (!enlarged && larger > budget) return answerFiles(job, files, larger, true);
  return [truncatedEntry(files[0], budget)];
}

/** A single-file request whose only file failed fails as a whole, with that file's reason. */
function wholeRequestFailure(results: FileResult[]): BridgeError | null {
  const only = results.length === 1 ? results[0] : null;
  if (!only || !('error' in only)) return null;
  return new BridgeError(only.error.code, only.error.message, undefined, only.error.reason);
}

/** Asks Claude for the analysis of a batch, retrying only what the error table allows. */
export async function analyze(request: AnalyzeRequest, context: AnalyzeContext): Promise<AnalyzeResult> {
  const engine = context.engines[request.engine ?? context.defaultEngine];
  const model = request.model ?? context.defaultModel;
  const tally: Tally = { attempts: 0, truncated: 0, usage: NO_USAGE, costUsd: null, durationMs: 0, startupMs: null };
  const budget = outputBudget(request);
  const job: Job = { request, context, engine, model, limit: request.maxOutputTokensLimit, tally };
  const files = await answerFiles(job, request.files, budget);
  const failure = wholeRequestFailure(files);
  if (failure) throw failure;
  return {
    engine: engine.name,
    model,
    prompt_version: PROMPT_VERSION,
    files,
    attempts: tally.attempts,
    truncated_attempts: tally.truncated,
    usage: tally.usage,
    cost_usd: tally.costUsd,
    duration_ms: Math.round(tally.durationMs),
    startup_ms: tally.startupMs === null ? null : Math.round(tally.startupMs),
  };
}
