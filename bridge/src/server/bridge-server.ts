// SPDX-License-Identifier: MIT
import type { Readable, Writable } from 'node:stream';
import { BridgeError, ErrorCode, errorCodeName } from '../errors/error-codes.js';
import { FrameDecoder, PRE_HANDSHAKE_MAX_PAYLOAD, type JsonObject } from '../frame/codec.js';
import { FrameWriter } from '../frame/writer.js';
import { log } from '../log.js';
import { Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { errorResponse, isRequestId } from './envelope.js';

export type ServerOptions = Omit<DispatcherOptions, 'send' | 'onNegotiated' | 'onShutdownRequested'> & {
  /** How long to wait, when exiting, for aborted work (CLI processes) to wind down. */
  exitGraceMs: number;
};

/** Exit status after a stream-fatal protocol error (bad frame, EOF mid-frame). */
export const EXIT_PROTOCOL_ERROR = 2;

/**
 * One connection: frames in on `input`, frames out on `output`. Reads until EOF, `shutdown`,
 * termination or a fatal framing error, then lets in-flight work finish (or answers it as
 * stopped), flushes the output and resolves with the exit status.
 */
export class BridgeServer {
  private readonly decoder = new FrameDecoder(PRE_HANDSHAKE_MAX_PAYLOAD);
  private readonly writer: FrameWriter;
  private readonly dispatcher: Dispatcher;
  private stopped: Promise<number> | null = null;
  private resolveRun: (code: number) => void = () => undefined;

  constructor(
    private readonly input: Readable,
    output: Writable,
    private readonly options: ServerOptions,
  ) {
    this.writer = new FrameWriter(output, PRE_HANDSHAKE_MAX_PAYLOAD);
    this.dispatcher = new Dispatcher({
      ...options,
      send: (frame) => this.send(frame),
      onNegotiated: (maxFrameBytes) => {
        this.decoder.setMaxPayload(maxFrameBytes);
        this.writer.setMaxPayload(maxFrameBytes);
      },
      onShutdownRequested: () => void this.stop(0, 'shutdown requested'),
    });
  }

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.resolveRun = resolve));
    this.input.on('data', (chunk: Buffer) => this.onData(chunk));
    this.input.on('end', () => this.onEnd());
    this.input.on('error', (error) => this.fatal(new BridgeError(ErrorCode.PipeBrokenPipe, `stdin failed: ${error.message}`)));
    return done;
  }

  /** SIGTERM and crashes: answer every in-flight request as stopped, flush, exit. */
  terminate(why: string, code = 0): void {
    this.dispatcher.stopAccepting();
    this.dispatcher.inFlight.abortAll(why);
    void this.stop(code, why);
  }

  private onData(chunk: Buffer): void {
    if (this.stopped) return;
    this.decoder.push(chunk);
    for (;;) {
      let frame;
      try {
        frame = this.decoder.next();
      } catch (error) {
        this.fatal(error as BridgeError);
        return;
      }
      if (!frame) return;
      this.dispatcher.handle(frame.payload);
    }
  }

  private onEnd(): void {
    try {
      this.decoder.finish();
    } catch (error) {
      this.fatal(error as BridgeError);
      return;
    }
    void this.stop(0, 'end of input');
  }

  /** The stream can no longer be trusted: say why on the wire and in the log, stop reading. */
  private fatal(error: BridgeError): void {
    if (this.stopped) return;
    const message = `[${errorCodeName(error.code)}] ${error.message}`;
    log('error', `fatal protocol error, closing the connection: ${message}`);
    this.send({ event: 'log', level: 'error', code: error.code, message });
    void this.stop(EXIT_PROTOCOL_ERROR, 'protocol error');
  }

  /** Sends a frame; a response too large for the negotiated maximum becomes an error response. */
  private send(frame: JsonObject): void {
    try {
      this.writer.send(frame);
    } catch (error) {
      if (!(error instanceof BridgeError) || !isRequestId(frame.id)) throw error;
      log('warn', `response to request ${frame.id} not sent: ${error.message}`);
      this.writer.send(errorResponse(frame.id, error));
    }
  }

  private stop(code: number, why: string): Promise<number> {
    this.stopped ??= this.drainAndExit(code, why);
    return this.stopped;
  }

  private async drainAndExit(code: number, why: string): Promise<number> {
    log('info', `stopping (${why}); ${this.dispatcher.inFlight.size} request(s) in flight`);
    this.dispatcher.stopAccepting();
    this.input.pause();
    await this.dispatcher.inFlight.whenEmpty();
    await Promise.race([this.dispatcher.settled(), new Promise((resolve) => setTimeout(resolve, this.options.exitGraceMs).unref())]);
    await this.writer.flush();
    this.resolveRun(code);
    return code;
  }
}
