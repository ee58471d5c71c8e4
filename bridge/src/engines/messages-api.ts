import type Anthropic from '@anthropic-ai/sdk';
import { ANSWER_TOOL_NAME, type Engine, type EngineAnswer, type EngineCall, type Usage } from './engine.js';
import { UpstreamFailure, parseRetryAfter } from '../errors/upstream-failure.js';

type SdkModule = typeof import('@anthropic-ai/sdk');

interface ApiErrorBody {
  error?: { type?: string; message?: string; details?: { error_code?: string } };
}

/**
 * Single-shot analysis through the Messages API (`@anthropic-ai/sdk`): one streamed request that
 * forces the answer tool. No CLI process, so no per-query start-up. The SDK's own retries are off
 * (maxRetries 0): the bridge's retry loop is the only one.
 */
export class MessagesApiEngine implements Engine {
  readonly name = 'messages-api' as const;
  private sdk: Promise<SdkModule> | null = null;
  private client: Anthropic | null = null;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** The SDK is loaded on first use (~200 ms), not at start-up, so spawn-to-handshake stays short. */
  warmUp(): Promise<SdkModule> {
    this.sdk ??= import('@anthropic-ai/sdk');
    return this.sdk;
  }

  private async connect(): Promise<{ sdk: SdkModule; client: Anthropic }> {
    const sdk = await this.warmUp();
    this.client ??= new sdk.default({
      apiKey: this.env.ANTHROPIC_API_KEY ?? null,
      authToken: this.env.ANTHROPIC_AUTH_TOKEN ?? null,
      baseURL: this.env.ANTHROPIC_BASE_URL || undefined,
      maxRetries: 0,
      defaultHeaders: { 'user-agent': 'pmat-claude-bridge' },
    });
    return { sdk, client: this.client };
  }

  async run(call: EngineCall): Promise<EngineAnswer> {
    const { sdk, client } = await this.connect();
    const started = performance.now();
    let firstByteMs: number | null = null;
    try {
      const stream = client.messages.stream(
        {
          model: call.model,
          max_tokens: call.maxOutputTokens,
          system: call.systemPrompt,
          messages: [{ role: 'user', content: call.userPrompt }],
          tools: [{ name: ANSWER_TOOL_NAME, description: 'Report the analysis.', input_schema: call.schema as Anthropic.Tool.InputSchema }],
          tool_choice: { type: 'tool', name: ANSWER_TOOL_NAME },
        },
        { signal: call.signal },
      );
      stream.once('streamEvent', () => (firstByteMs ??= performance.now() - started));
      const message = await stream.finalMessage();
      const toolUse = message.content.find((block) => block.type === 'tool_use' && block.name === ANSWER_TOOL_NAME);
      return {
        structuredOutput: toolUse?.type === 'tool_use' ? toolUse.input : undefined,
        stopReason: message.stop_reason ?? null,
        usage: usageOf(message.usage),
        costUsd: null,
        durationMs: performance.now() - started,
        startupMs: firstByteMs,
      };
    } catch (error) {
      throw toUpstreamFailure(sdk, error, call.signal);
    }
  }
}

/** The API's usage block; the cache fields are null for a model or request without caching. */
function usageOf(usage: Anthropic.Usage): Usage {
  return {
    input_tokens: usage.input_tokens ?? 0,
    output_tokens: usage.output_tokens ?? 0,
    cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
    cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
  };
}

type SdkApiError = InstanceType<SdkModule['APIError']>;

/** The fields of an API error's JSON body that a failure keeps. */
function errorBodyFields(error: SdkApiError): { message?: string; type: string | null; detailsCode: string | null } {
  const inner = (error.error as ApiErrorBody | undefined)?.error;
  return { message: inner?.message, type: inner?.type ?? null, detailsCode: inner?.details?.error_code ?? null };
}

/** An HTTP error answer: status, error type and code, and the server's Retry-After. */
function httpFailure(error: SdkApiError, status: number): UpstreamFailure {
  const body = errorBodyFields(error);
  return new UpstreamFailure({
    message: body.message ?? error.message,
    status,
    errorType: body.type,
    detailsCode: body.detailsCode,
    retryAfterMs: parseRetryAfter((name) => error.headers?.get(name)),
  });
}

function connectionFailure(error: unknown): UpstreamFailure {
  return new UpstreamFailure({ message: `connection or response failure: ${(error as Error)?.message ?? String(error)}` });
}

function toUpstreamFailure(sdk: SdkModule, error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (!(error instanceof sdk.APIError)) return connectionFailure(error);
  if (error.status !== undefined) return httpFailure(error, error.status);
  // An SSE `error` event after HTTP 200 arrives as an APIError without status.
  return new UpstreamFailure({ message: error.message, errorType: errorBodyFields(error).type });
}
