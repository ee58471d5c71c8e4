import { z } from 'zod';

/**
 * The answer Claude must give for an `analyze` request: one entry per input file. The same
 * definition produces the JSON Schema sent to Claude (structured output) and validates what comes
 * back, so the two cannot drift. Documented in docs/bridge-analysis-schema.md.
 */
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const CATEGORIES = [
  'complexity',
  'correctness',
  'security',
  'performance',
  'maintainability',
  'style',
  'documentation',
  'testing',
] as const;

const text = (description: string, max = 4000) => z.string().min(1).max(max).describe(description);

/** Where an item is, and the code that proves it: the plugin checks the snippet against the file. */
const anchor = {
  line: z.number().int().min(1).describe('1-based line number where it starts, as shown before "|" in the prompt'),
  end_line: z.number().int().min(1).describe('1-based line number where it ends (equal to line for a single line)'),
  snippet: text('A short piece of the code on `line`, copied exactly (without the line number prefix)', 300),
};

export const FindingSchema = z
  .object({
    function: z.string().max(500).describe('Name of the function or method the finding is about; empty string for file-level findings'),
    ...anchor,
    severity: z.enum(SEVERITIES).describe('How serious the problem is'),
    category: z.enum(CATEGORIES).describe('Kind of problem'),
    message: text('What is wrong, in one or two sentences'),
    suggestion: text('A concrete change that would fix it'),
  })
  .strict();

export const RefactoringSchema = z
  .object({
    title: text('Short name of the refactoring', 200),
    description: text('What to change and why it helps'),
    ...anchor,
    effort: z.enum(['small', 'medium', 'large']).describe('Rough size of the change'),
  })
  .strict();

export const FileAnalysisSchema = z
  .object({
    path: z.string().min(1).describe('The file path exactly as given in the request'),
    summary: text('What the file does and its overall quality, in at most three sentences'),
    risk: z.enum(RISK_LEVELS).describe('Overall risk of defects or maintenance trouble in this file'),
    findings: z.array(FindingSchema).max(100).describe('Per-function problems, most serious first'),
    refactorings: z.array(RefactoringSchema).max(20).describe('Refactoring ideas, most valuable first'),
  })
  .strict();

export const AnalysisAnswerSchema = z
  .object({
    files: z.array(FileAnalysisSchema).min(1).describe('One entry per file in the request, in the same order'),
  })
  .strict();

export type Finding = z.infer<typeof FindingSchema>;
export type FileAnalysis = z.infer<typeof FileAnalysisSchema>;
export type AnalysisAnswer = z.infer<typeof AnalysisAnswerSchema>;

/** JSON Schema (draft 2020-12) of the answer, as sent to Claude. */
export function analysisJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(AnalysisAnswerSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}
