// SPDX-License-Identifier: MIT
import type { Writable } from 'node:stream';
import { DEFAULT_MAX_PAYLOAD, encodeFrame, type JsonObject } from './codec.js';

/**
 * Writes frames to a stream (the bridge's stdout) with consecutive sequence numbers. Honours
 * backpressure: once `write()` returns false, later frames wait in order until 'drain', so a slow
 * reader never makes the bridge buffer without bound inside the stream.
 */
export class FrameWriter {
  private sequence = 0n;
  private readonly queue: Buffer[] = [];
  private waitingForDrain = false;
  private broken = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly output: Writable,
    private maxPayload = DEFAULT_MAX_PAYLOAD,
  ) {
    output.on('drain', () => this.onDrain());
    // EPIPE when the plugin has gone away: nothing more can be delivered, so stop writing.
    output.on('error', () => this.markBroken());
  }

  setMaxPayload(maxPayload: number): void {
    this.maxPayload = maxPayload;
  }

  /** Encodes and queues one frame. Throws (MessageTooLarge) before consuming a sequence number. */
  send(payload: JsonObject): void {
    const frame = encodeFrame(this.sequence, payload, this.maxPayload);
    this.sequence += 1n;
    if (this.broken) return;
    if (this.waitingForDrain) {
      this.queue.push(frame);
      return;
    }
    this.writeNow(frame);
  }

  /** Resolves once every queued frame has been handed to the stream and the stream has flushed it. */
  async flush(): Promise<void> {
    if (!this.isIdle()) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.broken || this.output.writableLength === 0) return;
    await new Promise<void>((resolve) => this.output.write(Buffer.alloc(0), () => resolve()));
  }

  get framesSent(): bigint {
    return this.sequence;
  }

  private isIdle(): boolean {
    return this.broken || (!this.waitingForDrain && this.queue.length === 0);
  }

  private writeNow(frame: Buffer): void {
    if (!this.output.write(frame)) this.waitingForDrain = true;
  }

  private onDrain(): void {
    this.waitingForDrain = false;
    while (!this.waitingForDrain && this.queue.length > 0) {
      this.writeNow(this.queue.shift() as Buffer);
    }
    this.wakeIfIdle();
  }

  private markBroken(): void {
    this.broken = true;
    this.queue.length = 0;
    this.wakeIfIdle();
  }

  private wakeIfIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
