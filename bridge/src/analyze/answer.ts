import { BridgeError, ErrorCode, type FailureReason } from '../errors/error-codes.js';
import { FileAnalysisSchema, type FileAnalysis } from '../schema/analysis-schema.js';
// Lines are not checked here: the plugin checks each item's snippet against the file and
// re-anchors or drops it (docs/bridge-analysis-schema.md, "Anchors").
import type { SourceFile } from './params.js';

/** One file's part of the response: its analysis, or why this file (alone) has none. */
export type FileResult =
  | { path: string; analysis: Omit<FileAnalysis, 'path'> }
  | { path: string; error: { code: ErrorCode; reason: FailureReason; message: string } };

function invalidAnswer(message: string): BridgeError {
  return new BridgeError(ErrorCode.WorkerCrashed, `invalid analysis from Claude: ${message}`, undefined, 'invalid-answer');
}

/** The envelope of the answer must be right, or nothing in it can be trusted for any file. */
function answerEntries(structuredOutput: unknown): unknown[] {
  if (structuredOutput === undefined || structuredOutput === null) {
    throw invalidAnswer('no structured output (the model did not call the answer tool)');
  }
  const files = (structuredOutput as { files?: unknown }).files;
  if (typeof structuredOutput !== 'object' || !Array.isArray(files)) {
    throw invalidAnswer('the answer has no "files" array');
  }
  return files;
}

function entriesByPath(entries: unknown[]): Map<string, unknown[]> {
  const byPath = new Map<string, unknown[]>();
  for (const entry of entries) {
    const path = (entry as { path?: unknown })?.path;
    if (typeof path !== 'string') continue;
    byPath.set(path, [...(byPath.get(path) ?? []), entry]);
  }
  return byPath;
}

function fileResult(file: SourceFile, candidates: unknown[] | undefined): FileResult {
  const fail = (message: string): FileResult => ({ path: file.path, error: { code: ErrorCode.WorkerCrashed, reason: 'invalid-answer', message: `invalid analysis from Claude: ${message}` } });
  if (!candidates) return fail('no entry for this path');
  if (candidates.length > 1) return fail(`${candidates.length} entries for this path`);
  const parsed = FileAnalysisSchema.safeParse(candidates[0]);
  if (!parsed.success) return fail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const { path: _path, ...analysis } = parsed.data;
  return { path: file.path, analysis };
}

/**
 * Splits a batch answer back per input file, matched by path, in request order. A bad entry
 * fails only its own file; a missing or malformed answer fails the whole request (never zeros).
 */
export function splitAnswer(structuredOutput: unknown, files: SourceFile[]): FileResult[] {
  const byPath = entriesByPath(answerEntries(structuredOutput));
  const results = files.map((file) => fileResult(file, byPath.get(file.path)));
  if (results.every((result) => 'error' in result)) {
    throw invalidAnswer(results.map((result) => `${result.path}: ${'error' in result ? result.error.message : ''}`).join(' | '));
  }
  return results;
}
