/**
 * What crosses a process boundary in the reference comparison, validated with zod on both
 * ends: the child's flags, the child's result line and the C program's JSON line.
 */
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { OURS_VARIANTS, REFERENCE_IDS } from './reference-steps.js';

/** Flags of ours-step.ts (strings on the command line, coerced and range-checked here). */
export const oursArgsSchema = z.strictObject({
  reference: z.enum(REFERENCE_IDS),
  L: z.coerce.number().int().min(2).max(1 << 24),
  seconds: z.coerce.number().positive().max(60),
  paritySteps: z.coerce.number().int().min(0).max(1_000_000),
  seed: z.coerce.number().int().min(0).max(0xffff_ffff),
  variant: z.enum(OURS_VARIANTS).default('ours'),
  /** benny (calibrated, ~1 s of overhead) or plain: warm-up, then whole ops timed with hrtime for `seconds` (the CI gate's many short pairs). */
  timer: z.enum(['benny', 'plain']).default('benny'),
  /** Injected slowdown for testing the gate: each timed op runs `slowdown` times the steps it is credited with (1 = none). */
  slowdown: z.coerce.number().int().min(1).max(100).default(1),
});
export type OursArgs = z.output<typeof oursArgsSchema>;

/** The compiler that built the C side, saved with the results. */
export const compilerSchema = z.strictObject({
  command: z.string(),
  /** First line of `--version`. */
  version: z.string(),
  flags: z.array(z.string()),
  /** Flags of the second build, "the vectorised limit" (-ffast-math); empty when it was not built. */
  fastFlags: z.array(z.string()).default([]),
});
export type CompilerInfo = z.output<typeof compilerSchema>;

/** Marks our child's result line among benny's own output. */
export const OURS_RESULT_PREFIX = 'GLASSY_OURS_RESULT ';

const finiteOrNull = z.number().finite().nullable();

export const oursResultSchema = z.strictObject({
  nsPerSiteStep: z.number().positive().finite(),
  /** benchmark.js relative margin of error (95 %) of the mean time per op. */
  relativeMargin: z.number().nonnegative(),
  samples: z.number().int().positive(),
  /** Checksum of the final state (null if it became non-finite). */
  checksum: finiteOrNull,
  parityChecksum: finiteOrNull,
  /** Σ (1 + x/L)(|q_x| + |p_x|) after the parity steps: the scale of a checksum difference. */
  parityScale: z.number().nonnegative(),
});
export type OursResult = z.output<typeof oursResultSchema>;

/** The JSON line printed by every C reference program (common.h, ref_report). */
export const cResultSchema = z.strictObject({
  nsPerSiteStep: z.number().positive().finite(),
  checksum: finiteOrNull,
  parityChecksum: finiteOrNull,
  ops: z.number().int().positive(),
  seconds: z.number().nonnegative(),
  L: z.number().int().positive(),
  nSteps: z.number().int().positive(),
});
export type CResult = z.output<typeof cResultSchema>;

/** Parse the last line of `stdout` that starts with `prefix` (default: the last non-empty line). */
export function parseResultLine<S extends z.ZodType>(schema: S, stdout: string, where: string, prefix = ''): z.output<S> {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && l.startsWith(prefix))
    .at(-1);
  if (line === undefined) throw new GlassyInputError(`${where}: no result line in its output`);
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice(prefix.length));
  } catch (e) {
    throw new GlassyInputError(`${where}: result line is not JSON (${(e as Error).message})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new GlassyInputError(`${where}: ${z.prettifyError(r.error).replace(/\n/g, '; ')}`);
  return r.data;
}
