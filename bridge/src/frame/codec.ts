// SPDX-License-Identifier: MIT
import { BridgeError, ErrorCode } from '../errors/error-codes.js';

export const FRAME_MAGIC = Buffer.from('PMAT', 'ascii');
export const FRAME_HEADER_BYTES = 16;
/** Negotiated maximum once the handshake is done (docs/bridge-protocol.md). */
export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024;
/** Limit in force until the handshake completes, so a garbage stream cannot make us buffer 16 MiB. */
export const PRE_HANDSHAKE_MAX_PAYLOAD = 1024 * 1024;

export type JsonObject = Record<string, unknown>;

export interface DecodedFrame {
  sequence: bigint;
  payload: JsonObject;
}

interface FrameHeader {
  sequence: bigint;
  length: number;
}

/** Builds one whole frame in one buffer, so it can be written with a single `write()`. */
export function encodeFrame(sequence: bigint, payload: JsonObject, maxPayload = DEFAULT_MAX_PAYLOAD): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  if (body.length > maxPayload) {
    throw new BridgeError(
      ErrorCode.MessageTooLarge,
      `frame payload of ${body.length} bytes exceeds the maximum of ${maxPayload}`,
    );
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  FRAME_MAGIC.copy(frame, 0);
  frame.writeBigUInt64LE(sequence, 4);
  frame.writeUInt32LE(body.length, 12);
  body.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parsePayload(bytes: Buffer, sequence: bigint): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw new BridgeError(ErrorCode.FramingError, `frame ${sequence}: payload is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BridgeError(ErrorCode.FramingError, `frame ${sequence}: payload is not a JSON object`);
  }
  return value as JsonObject;
}

/**
 * Incremental decoder for one direction of the stream. Bytes may arrive split anywhere or with
 * several frames in one chunk. The first protocol violation is fatal: the decoder keeps failing
 * with the same error, because nothing after a bad header can be trusted.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private header: FrameHeader | null = null;
  private expectedSequence = 0n;
  private failure: BridgeError | null = null;

  constructor(private maxPayload = DEFAULT_MAX_PAYLOAD) {}

  setMaxPayload(maxPayload: number): void {
    this.maxPayload = maxPayload;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete frame, or null when more bytes are needed. Throws on a protocol violation. */
  next(): DecodedFrame | null {
    if (this.failure) throw this.failure;
    try {
      return this.decodeNext();
    } catch (error) {
      this.failure = error as BridgeError;
      throw error;
    }
  }

  /** Call at end of input: a partial frame left over means the peer died mid-frame. */
  finish(): void {
    if (this.failure) throw this.failure;
    if (this.buffered > 0 || this.header) {
      const where = this.header ? 'payload' : 'header';
      this.failure = new BridgeError(ErrorCode.PipeBrokenPipe, `end of input inside a frame ${where} (${this.buffered} bytes pending)`);
      throw this.failure;
    }
  }

  private decodeNext(): DecodedFrame | null {
    if (!this.header) {
      if (this.buffered < FRAME_HEADER_BYTES) return null;
      this.header = this.parseHeader(this.take(FRAME_HEADER_BYTES));
    }
    if (this.buffered < this.header.length) return null;
    const { sequence, length } = this.header;
    this.header = null;
    return { sequence, payload: parsePayload(this.take(length), sequence) };
  }

  private parseHeader(bytes: Buffer): FrameHeader {
    if (!bytes.subarray(0, 4).equals(FRAME_MAGIC)) {
      throw new BridgeError(ErrorCode.FramingError, `bad frame magic 0x${bytes.subarray(0, 4).toString('hex')}`);
    }
    const sequence = bytes.readBigUInt64LE(4);
    const length = bytes.readUInt32LE(12);
    if (sequence !== this.expectedSequence) {
      throw new BridgeError(ErrorCode.FramingError, `frame sequence ${sequence}, expected ${this.expectedSequence}`);
    }
    if (length > this.maxPayload) {
      throw new BridgeError(ErrorCode.MessageTooLarge, `frame ${sequence}: payload of ${length} bytes exceeds the maximum of ${this.maxPayload}`);
    }
    this.expectedSequence += 1n;
    return { sequence, length };
  }

  /** Removes exactly `count` buffered bytes; copies only when the bytes span several chunks. */
  private take(count: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= count) {
      this.chunks[0] = first.subarray(count);
      if (this.chunks[0].length === 0) this.chunks.shift();
      this.buffered -= count;
      return first.subarray(0, count);
    }
    const joined = Buffer.concat(this.chunks, this.buffered);
    this.chunks = joined.length > count ? [joined.subarray(count)] : [];
    this.buffered -= count;
    return joined.subarray(0, count);
  }
}
