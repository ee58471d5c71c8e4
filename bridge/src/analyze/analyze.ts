import { withRetries, type RetryNotice, type RetryPolicy } from '../errors/retry.js';
import type { Engine, EngineName } from '../engines/engine.js';
import { analysisJsonSchema } from '../schema/analysis-schema.js';
import { splitAnswer, type FileResult } from './answer.js';
import type { AnalyzeRequest } from './params.js';
import { PROMPT_VERSION, SYSTEM_PROMPT, buildUserPrompt } from './prompt.js';

export interface AnalyzeContext {
  engines: Record<EngineName, Engine>;
  defaultEngine: EngineName;
  defaultModel: string;
  retryPolicy: RetryPolicy;
  signal: AbortSignal;
  notifyRetry: (notice: RetryNotice) => void;
}

export interface AnalyzeResult {
  engine: EngineName;
  model: string;
  prompt_version: string;
  files: FileResult[];
  attempts: number;
  cost_usd: number | null;
  duration_ms: number;
  startup_ms: number | null;
}

const schema = analysisJsonSchema();

/** Asks Claude for the analysis of a batch, retrying only what the error table allows. */
export async function analyze(request: AnalyzeRequest, context: AnalyzeContext): Promise<AnalyzeResult> {
  const engine = context.engines[request.engine ?? context.defaultEngine];
  const model = request.model ?? context.defaultModel;
  const userPrompt = buildUserPrompt(request.files);
  let attempts = 0;
  const answer = await withRetries(
    () => {
      attempts += 1;
      return engine.run({
        systemPrompt: SYSTEM_PROMPT,
        userPrompt,
        schema,
        model,
        maxTurns: request.maxTurns,
        maxBudgetUsd: request.maxBudgetUsd,
        signal: context.signal,
        onRetry: context.notifyRetry,
      });
    },
    { policy: context.retryPolicy, signal: context.signal, onRetry: context.notifyRetry },
  );
  return {
    engine: engine.name,
    model,
    prompt_version: PROMPT_VERSION,
    files: splitAnswer(answer.structuredOutput, request.files),
    attempts,
    cost_usd: answer.costUsd,
    duration_ms: Math.round(answer.durationMs),
    startup_ms: answer.startupMs === null ? null : Math.round(answer.startupMs),
  };
}
