import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Options, SDKMessage, SDKResultMessage } from '@anthropic-ai/claude-agent-sdk';
import { BridgeError, ErrorCode } from '../errors/error-codes.js';
import { UpstreamFailure } from '../errors/upstream-failure.js';
import { log } from '../log.js';
import { NO_USAGE, addUsage, type Engine, type EngineAnswer, type EngineCall, type Usage } from './engine.js';

/** What one query() run produced, gathered message by message. */
interface QueryOutcome {
  result: SDKResultMessage | null;
  assistantError: string | null;
  firstMessageMs: number | null;
}

/**
 * Environment for the Claude Code CLI. CLAUDE_CODE_MAX_RETRIES=0 makes the CLI send each API
 * request once, so the bridge's retry loop is the only one (measured: with it unset the CLI
 * retried a 429 ten times and a 529 for minutes). Non-essential traffic (telemetry, update
 * checks) is off: a worker only talks to the Messages API.
 */
export function cliEnvironment(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return {
    ...env,
    CLAUDE_CODE_MAX_RETRIES: '0',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_AGENT_SDK_CLIENT_APP: 'pmat-claude-bridge',
  };
}

/**
 * Analysis through the Claude Agent SDK: one `query()` per call, which spawns the native Claude
 * Code binary. Locked down: no tools, every permission request denied, no settings files, no
 * MCP servers, no session written to disk, an empty working directory.
 */
export class AgentSdkEngine implements Engine {
  readonly name = 'agent-sdk' as const;
  private workDirPath: string | null = null;
  private sdk: Promise<typeof import('@anthropic-ai/claude-agent-sdk')> | null = null;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async run(call: EngineCall): Promise<EngineAnswer> {
    const started = performance.now();
    const abortController = new AbortController();
    const forwardAbort = (): void => abortController.abort(call.signal.reason);
    call.signal.addEventListener('abort', forwardAbort, { once: true });
    try {
      const outcome = await this.collect(call, abortController, started);
      return toAnswer(outcome, performance.now() - started);
    } finally {
      call.signal.removeEventListener('abort', forwardAbort);
    }
  }

  /** The SDK is loaded on first use, not at start-up, so spawn-to-handshake stays short. */
  warmUp(): Promise<unknown> {
    this.sdk ??= import('@anthropic-ai/claude-agent-sdk');
    return this.sdk;
  }

  /** An empty directory for the CLI to run in, made on first use and removed when the process exits. */
  private get workDir(): string {
    if (this.workDirPath === null) {
      const path = mkdtempSync(join(tmpdir(), 'pmat-claude-bridge-'));
      process.once('exit', () => rmSync(path, { recursive: true, force: true }));
      this.workDirPath = path;
    }
    return this.workDirPath;
  }

  private options(call: EngineCall, abortController: AbortController): Options {
    return {
      abortController,
      model: call.model,
      systemPrompt: call.systemPrompt,
      tools: [],
      allowedTools: [],
      permissionMode: 'dontAsk',
      canUseTool: async () => ({ behavior: 'deny', message: 'pmat-claude-bridge allows no tools' }),
      maxTurns: call.maxTurns,
      maxBudgetUsd: call.maxBudgetUsd,
      persistSession: false,
      settingSources: [],
      mcpServers: {},
      strictMcpConfig: true,
      cwd: this.workDir,
      env: { ...cliEnvironment(this.env), CLAUDE_CODE_MAX_OUTPUT_TOKENS: String(call.maxOutputTokens) },
      outputFormat: { type: 'json_schema', schema: call.schema },
      stderr: (data) => log('debug', `claude cli: ${data.trimEnd()}`),
    };
  }

  private async collect(call: EngineCall, abortController: AbortController, started: number): Promise<QueryOutcome> {
    const outcome: QueryOutcome = { result: null, assistantError: null, firstMessageMs: null };
    this.sdk ??= import('@anthropic-ai/claude-agent-sdk');
    const { query } = await this.sdk;
    try {
      for await (const message of query({ prompt: call.userPrompt, options: this.options(call, abortController) })) {
        outcome.firstMessageMs ??= performance.now() - started;
        observe(message, outcome, call);
      }
    } catch (error) {
      // query() throws after an error result ("Claude Code returned an error result"); the result
      // message already says what went wrong, so only a throw without one is a failure of its own.
      if (call.signal.aborted) throw call.signal.reason;
      if (!outcome.result) throw new BridgeError(ErrorCode.WorkerCrashed, `Claude Code CLI failed: ${(error as Error).message}`);
    }
    return outcome;
  }
}

function observe(message: SDKMessage, outcome: QueryOutcome, call: EngineCall): void {
  if (message.type === 'result') outcome.result = message;
  else if (message.type === 'assistant' && message.error) outcome.assistantError = message.error;
  else if (message.type === 'system' && message.subtype === 'api_retry') {
    call.onRetry({
      attempt: message.attempt,
      max_retries: message.max_retries,
      retry_delay_ms: message.retry_delay_ms,
      error_status: message.error_status,
      error: message.error,
    });
  }
}

function toAnswer(outcome: QueryOutcome, durationMs: number): EngineAnswer {
  const result = outcome.result;
  if (!result) throw new BridgeError(ErrorCode.WorkerCrashed, 'Claude Code CLI ended without a result message');
  if (result.subtype === 'success' && !result.is_error) {
    return {
      structuredOutput: result.structured_output,
      stopReason: result.stop_reason ?? null,
      usage: usageOfResult(result),
      costUsd: result.total_cost_usd,
      durationMs,
      startupMs: outcome.firstMessageMs,
    };
  }
  throw resultFailure(result, outcome.assistantError);
}

/** Every model call of the query (modelUsage, which the SDK recommends for accounting), in the API's field names. */
function usageOfResult(result: SDKResultMessage): Usage {
  return Object.values(result.modelUsage ?? {}).reduce<Usage>(
    (sum, model) =>
      addUsage(sum, {
        input_tokens: model.inputTokens,
        output_tokens: model.outputTokens,
        cache_read_input_tokens: model.cacheReadInputTokens,
        cache_creation_input_tokens: model.cacheCreationInputTokens,
      }),
    NO_USAGE,
  );
}

function resultFailure(result: SDKResultMessage, assistantError: string | null): Error {
  if (result.subtype === 'error_max_budget_usd') {
    return new BridgeError(ErrorCode.QuotaExceeded, `per-request budget exhausted after ${result.num_turns} turn(s)`, undefined, 'budget-exhausted');
  }
  if (result.subtype !== 'success') {
    return new BridgeError(ErrorCode.WorkerCrashed, `Claude Code ended with ${result.subtype}: ${result.errors.join('; ')}`);
  }
  return new UpstreamFailure({
    message: result.result,
    status: result.api_error_status ?? null,
    errorType: assistantError === 'unknown' ? null : assistantError,
  });
}
