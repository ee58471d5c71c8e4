import { parseAnalyzeParams } from '../analyze/params.js';
import type { Engine, EngineName } from '../engines/engine.js';
import { BridgeError, ErrorCode } from '../errors/error-codes.js';
import type { RetryNotice, RetryPolicy } from '../errors/retry.js';
import type { JsonObject } from '../frame/codec.js';
import { errorResponse, isRequestId, successResponse, timeoutResponse, type RequestId } from './envelope.js';
import { negotiate } from './handshake.js';
import { InFlightRegistry, endReasonError, type EndReason, type Ticket } from './in-flight.js';

export interface DispatcherOptions {
  engines: Record<EngineName, Engine>;
  defaultEngine: EngineName;
  defaultModel: string;
  retryPolicy: RetryPolicy;
  /** Applied when a request carries neither `deadline_ms` nor `timeout_ms`, so no work is unbounded. */
  defaultDeadlineMs: number;
  send: (frame: JsonObject) => void;
  onNegotiated: (maxFrameBytes: number) => void;
  onShutdownRequested: () => void;
}

/** The analysis module pulls in zod and the schema; loaded after the handshake, not at start-up. */
const loadAnalyze = () => import('../analyze/analyze.js');

type Handler = (id: RequestId, message: JsonObject) => void;

function protocolError(message: string): BridgeError {
  return new BridgeError(ErrorCode.FramingError, message);
}

function positiveOrNull(value: unknown, name: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw protocolError(`${name} must be a positive number`);
  return value;
}

/** Routes requests to their methods and owns the state of one connection. */
export class Dispatcher {
  readonly inFlight = new InFlightRegistry();
  private handshakeDone = false;
  private stopping = false;
  private engine: EngineName;
  private readonly work = new Set<Promise<unknown>>();
  private readonly handlers: Record<string, Handler> = {
    handshake: (id, message) => this.handshake(id, message),
    ping: (id) => this.options.send(successResponse(id, { pong: true })),
    analyze: (id, message) => this.startAnalyze(id, message),
    cancel: (id, message) => this.cancel(id, message),
    shutdown: (id) => this.shutdown(id),
  };

  constructor(private readonly options: DispatcherOptions) {
    this.engine = options.defaultEngine;
  }

  handle(message: JsonObject): void {
    if (!isRequestId(message.id)) {
      this.options.send({ event: 'log', level: 'error', message: `ignored a frame without a valid request id: ${JSON.stringify(message).slice(0, 200)}` });
      return;
    }
    try {
      this.route(message.id, message);
    } catch (error) {
      this.options.send(errorResponse(message.id, error));
    }
  }

  /** Stops new work; in-flight requests still finish. */
  stopAccepting(): void {
    this.stopping = true;
  }

  /** Resolves when every piece of started work has ended, including cleanup after a timeout answer. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.work]);
  }

  private route(id: RequestId, message: JsonObject): void {
    const method = message.method;
    if (typeof method !== 'string' || !Object.hasOwn(this.handlers, method)) {
      throw protocolError(`unknown method ${JSON.stringify(method)}`);
    }
    if (!this.handshakeDone && method !== 'handshake') throw protocolError(`the first request must be "handshake", got "${method}"`);
    if (this.stopping && method !== 'ping') throw new BridgeError(ErrorCode.WorkerCrashed, 'worker is shutting down');
    if (this.inFlight.has(id)) throw protocolError(`request id ${id} is already in flight`);
    this.handlers[method](id, message);
  }

  private handshake(id: RequestId, message: JsonObject): void {
    if (this.handshakeDone) throw protocolError('handshake was already done on this connection');
    const outcome = negotiate(message.params, { engine: this.options.defaultEngine, model: this.options.defaultModel });
    this.engine = outcome.engine;
    this.options.send(successResponse(id, outcome.payload));
    this.handshakeDone = true;
    this.options.onNegotiated(outcome.maxFrameBytes);
    // Load the analysis code and the engine's SDK now, off the handshake's critical path.
    setImmediate(() => void Promise.all([loadAnalyze(), this.options.engines[this.engine].warmUp()]).catch(() => undefined));
  }

  private startAnalyze(id: RequestId, message: JsonObject): void {
    const request = parseAnalyzeParams(message.params);
    const deadlines = [positiveOrNull(message.deadline_ms, 'deadline_ms'), request.timeoutMs].filter((ms): ms is number => ms !== null);
    const deadlineMs = deadlines.length > 0 ? Math.min(...deadlines) : this.options.defaultDeadlineMs;
    const ticket = this.inFlight.open(id, deadlineMs);
    const deadlineAt = ticket.startedAt + deadlineMs;
    ticket.signal.addEventListener('abort', () => this.answerStopped(ticket), { once: true });
    const job = loadAnalyze().then(({ analyze }) => analyze(request, {
      engines: this.options.engines,
      defaultEngine: this.engine,
      defaultModel: this.options.defaultModel,
      retryPolicy: this.options.retryPolicy,
      signal: ticket.signal,
      deadlineAt,
      notifyRetry: (notice: RetryNotice) => this.options.send({ event: 'api_retry', request_id: id, ...notice }),
    })).then(
      (result) => this.finish(id, successResponse(id, result)),
      (error) => this.finish(id, errorResponse(id, error)),
    );
    this.work.add(job);
    void job.finally(() => this.work.delete(job));
  }

  /** Deadline, cancel or termination: answer now; the aborted work winds down in the background. */
  private answerStopped(ticket: Ticket): void {
    const reason = ticket.signal.reason as EndReason;
    const error = endReasonError(reason);
    const elapsed = reason.kind === 'deadline' ? reason.elapsedMs : performance.now() - ticket.startedAt;
    this.finish(ticket.id, error ? errorResponse(ticket.id, error) : timeoutResponse(ticket.id, elapsed));
  }

  private finish(id: RequestId, frame: JsonObject): void {
    if (this.inFlight.close(id)) this.options.send(frame);
  }

  private cancel(id: RequestId, message: JsonObject): void {
    const target = (message.params as { target_id?: unknown } | undefined)?.target_id;
    if (!isRequestId(target)) throw protocolError('cancel needs params.target_id, a request id');
    this.options.send(successResponse(id, { cancelled: this.inFlight.cancel(target, id) }));
  }

  private shutdown(id: RequestId): void {
    this.stopping = true;
    void this.inFlight.whenEmpty().then(() => {
      this.options.send(successResponse(id, {}));
      this.options.onShutdownRequested();
    });
  }
}
