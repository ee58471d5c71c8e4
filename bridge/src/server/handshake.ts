// SPDX-License-Identifier: MIT
import { BridgeError, ErrorCode } from '../errors/error-codes.js';
import { DEFAULT_MAX_PAYLOAD } from '../frame/codec.js';
import { ENGINE_NAMES, isEngineName, type EngineName } from '../engines/engine.js';
import { AGENT_SDK_VERSION, BRIDGE_VERSION, PROTOCOL_VERSION } from '../version.js';

export const CAPABILITIES = [
  'analyze',
  'batch',
  'cancel',
  'deadline',
  'api_retry_events',
  'structured_output',
  ...ENGINE_NAMES.map((name) => `engine:${name}`),
];

export interface HandshakeOutcome {
  maxFrameBytes: number;
  engine: EngineName;
  payload: Record<string, unknown>;
}

function invalid(message: string): BridgeError {
  return new BridgeError(ErrorCode.FramingError, `invalid handshake: ${message}`);
}

function negotiatedFrameBytes(requested: unknown): number {
  if (requested === undefined) return DEFAULT_MAX_PAYLOAD;
  if (typeof requested !== 'number' || !Number.isInteger(requested) || requested < 1024) {
    throw invalid('max_frame_bytes must be an integer of at least 1024');
  }
  return Math.min(requested, DEFAULT_MAX_PAYLOAD);
}

export function negotiate(params: unknown, defaults: { engine: EngineName; model: string }): HandshakeOutcome {
  const raw = (params ?? {}) as Record<string, unknown>;
  if (raw.protocol_version !== PROTOCOL_VERSION) {
    throw new BridgeError(
      ErrorCode.FramingError,
      `protocol version ${JSON.stringify(raw.protocol_version)} is not supported: this bridge speaks version ${PROTOCOL_VERSION}`,
    );
  }
  if (raw.engine !== undefined && !isEngineName(raw.engine)) throw invalid(`engine must be one of ${ENGINE_NAMES.join(', ')}`);
  const maxFrameBytes = negotiatedFrameBytes(raw.max_frame_bytes);
  const engine = (raw.engine as EngineName | undefined) ?? defaults.engine;
  return {
    maxFrameBytes,
    engine,
    payload: {
      protocol_version: PROTOCOL_VERSION,
      max_frame_bytes: maxFrameBytes,
      bridge_version: BRIDGE_VERSION,
      sdk_version: AGENT_SDK_VERSION,
      capabilities: CAPABILITIES,
      engine,
      default_model: defaults.model,
    },
  };
}
