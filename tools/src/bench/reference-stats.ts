/**
 * Pure logic of the C reference comparison: the interleaved run order, per-round paired
 * ratios, medians, the noise estimate and the parity of both sides' trajectories. Unit-tested
 * on synthetic numbers (tools/test/reference-stats.test.ts); the timing lives in
 * reference-session.ts.
 */
import { z } from 'zod';
import { compilerSchema } from './reference-protocol.js';
import { REFERENCE_IDS } from './reference-steps.js';
import { median } from './ensemble-stats.js';

/** Relative checksum difference (to Σ (1 + x/L)(|q| + |p|)) below which both sides ran the same trajectory. */
export const PARITY_TOLERANCE = 1e-9;

export const SIDES = ['ours', 'c'] as const;
export type Side = (typeof SIDES)[number];

/** Round r runs ours first when r is even and C first when it is odd, so neither always inherits the other's cache and clock state. */
export function sideOrder(round: number): readonly [Side, Side] {
  return round % 2 === 0 ? ['ours', 'c'] : ['c', 'ours'];
}

/** What one round measures for a case: both sides, our plain variant if there is one, and the -ffast-math build of C. */
export type Measurement = Side | 'plain' | 'cfast';

/**
 * The order of one round's measurements: ours and C back to back as `sideOrder` says, the plain
 * variant (if any) on C's other side, so C sits next to both of ours (ours, C, plain in even
 * rounds; plain, C, ours in odd ones) and each paired ratio pairs neighbours.
 */
export function measurementOrder(round: number, withPlain: boolean, withFast = false): readonly Measurement[] {
  const [first, second] = sideOrder(round);
  const order: Measurement[] = !withPlain ? [first, second] : first === 'ours' ? ['ours', 'c', 'plain'] : ['plain', 'c', 'ours'];
  // The -ffast-math C on ours' other side: cfast, ours, C, plain; then plain, C, ours, cfast.
  if (withFast) {
    if (order[0] === 'ours') order.unshift('cfast');
    else order.push('cfast');
  }
  return order;
}

const nsOrNull = z.number().positive().finite().nullable();

export const referenceRoundSchema = z.strictObject({
  round: z.number().int().nonnegative(),
  first: z.enum(SIDES),
  oursNsPerSiteStep: nsOrNull,
  cNsPerSiteStep: nsOrNull,
  /** ours / C of this round (both measured back to back), or null if either is missing. */
  ratio: nsOrNull,
  /** The plain variant of ours in this round (null: none, or a results file from before it was timed). */
  plainNsPerSiteStep: nsOrNull.default(null),
  /** plain / C of this round. */
  plainRatio: nsOrNull.default(null),
  /** The same C compiled with -ffast-math (vectorised sine: the vectorised limit), measured next to ours; null: not built. */
  cFastNsPerSiteStep: nsOrNull.default(null),
  /** ours / C -ffast-math of this round. */
  fastRatio: nsOrNull.default(null),
  /** 1-minute load average when the round started: how busy the shared machine was. */
  loadAverage1: z.number().nonnegative(),
});
export type ReferenceRound = z.output<typeof referenceRoundSchema>;

export const referenceSummarySchema = z.strictObject({
  /** Medians over rounds of each side's ns per site-step. */
  oursNsPerSiteStep: nsOrNull,
  cNsPerSiteStep: nsOrNull,
  /** Median over rounds of the paired ratio ours / C. */
  ratio: nsOrNull,
  /** Half the range of the paired ratios: the noise a budget comparison allows. */
  ratioNoise: z.number().nonnegative().nullable(),
  ratioMin: nsOrNull,
  ratioMax: nsOrNull,
  /** Median over rounds of the plain variant's ns per site-step, and of its paired ratio plain / C (no budget). */
  plainNsPerSiteStep: nsOrNull.default(null),
  plainRatio: nsOrNull.default(null),
  /** Median over rounds of the -ffast-math C, of the paired ratio ours / that C, and half the range of that ratio. */
  cFastNsPerSiteStep: nsOrNull.default(null),
  fastRatio: nsOrNull.default(null),
  fastRatioNoise: z.number().nonnegative().nullable().default(null),
});
export type ReferenceSummary = z.output<typeof referenceSummarySchema>;

export const paritySchema = z.strictObject({
  oursChecksum: z.number().nullable(),
  cChecksum: z.number().nullable(),
  /** |ours − C| / Σ (1 + x/L)(|q| + |p|); null if either checksum is non-finite. */
  relativeDifference: z.number().nonnegative().nullable(),
  agrees: z.boolean(),
});
export type Parity = z.output<typeof paritySchema>;

export const referenceRowSchema = z.strictObject({
  reference: z.enum(REFERENCE_IDS),
  L: z.number().int().positive(),
  dt: z.number().positive(),
  nSteps: z.number().int().positive(),
  step: z.string(),
  cParams: z.record(z.string(), z.number()),
  ours: z.strictObject({ model: z.string(), integrator: z.string() }).nullable(),
  /** Why ours was not measured, e.g. "n/a (no dnls model registered)". */
  unavailable: z.string().nullable(),
  /** The plain variant timed alongside ours (informational, no budget), or null. */
  plain: z.strictObject({ model: z.string(), integrator: z.string() }).nullable().default(null),
  rounds: z.array(referenceRoundSchema),
  summary: referenceSummarySchema,
  /** Null when either side did not run. */
  parity: paritySchema.nullable(),
  /** The plain variant against C; null when either did not run. */
  plainParity: paritySchema.nullable().default(null),
  /** Ours against the -ffast-math C (its vectorised sine is a few ulp off glibc's); null when either did not run. */
  fastParity: paritySchema.nullable().default(null),
});
export type ReferenceRow = z.output<typeof referenceRowSchema>;

export const referenceResultsSchema = z.strictObject({
  /** Null when the C side was skipped (see `skipped`). */
  compiler: compilerSchema.nullable(),
  skipped: z.string().nullable(),
  rounds: z.number().int().positive(),
  /** Each side samples about this long per measurement. */
  minSeconds: z.number().positive(),
  seed: z.number().int().nonnegative(),
  paritySteps: z.number().int().nonnegative(),
  rows: z.array(referenceRowSchema),
});
export type ReferenceResults = z.output<typeof referenceResultsSchema>;

/** The paired ratio of one round. */
export function roundRatio(ours: number | null, c: number | null): number | null {
  return ours === null || c === null ? null : ours / c;
}

function medianOrNull(xs: ReadonlyArray<number | null>): number | null {
  const present = xs.filter((x): x is number => x !== null);
  return present.length === 0 ? null : median(present);
}

/**
 * Medians of each side and of the paired ratios (ours / C and ours / C -ffast-math; plain / C
 * for information); noise = (max − min)/2 of the paired ratios ours / C (and ours / C fast)
 * (with 3 to 5 rounds a range is as good a spread estimate as any, and it does not shrink
 * when one round was disturbed).
 */
export function summarizeRounds(rounds: readonly ReferenceRound[]): ReferenceSummary {
  const ratios = rounds.map((r) => r.ratio).filter((x): x is number => x !== null);
  const fastRatios = rounds.map((r) => r.fastRatio).filter((x): x is number => x !== null);
  const ratioMin = ratios.length === 0 ? null : Math.min(...ratios);
  const ratioMax = ratios.length === 0 ? null : Math.max(...ratios);
  return {
    oursNsPerSiteStep: medianOrNull(rounds.map((r) => r.oursNsPerSiteStep)),
    cNsPerSiteStep: medianOrNull(rounds.map((r) => r.cNsPerSiteStep)),
    ratio: medianOrNull(ratios),
    ratioNoise: ratioMin === null || ratioMax === null ? null : (ratioMax - ratioMin) / 2,
    ratioMin,
    ratioMax,
    plainNsPerSiteStep: medianOrNull(rounds.map((r) => r.plainNsPerSiteStep)),
    plainRatio: medianOrNull(rounds.map((r) => r.plainRatio)),
    cFastNsPerSiteStep: medianOrNull(rounds.map((r) => r.cFastNsPerSiteStep)),
    fastRatio: medianOrNull(fastRatios),
    fastRatioNoise: fastRatios.length === 0 ? null : (Math.max(...fastRatios) - Math.min(...fastRatios)) / 2,
  };
}

/** Did both sides compute the same trajectory for the parity steps? */
export function compareParity(oursChecksum: number | null, cChecksum: number | null, scale: number): Parity {
  if (oursChecksum === null || cChecksum === null) return { oursChecksum, cChecksum, relativeDifference: null, agrees: false };
  const relativeDifference = Math.abs(oursChecksum - cChecksum) / Math.max(scale, Number.MIN_VALUE);
  return { oursChecksum, cChecksum, relativeDifference, agrees: relativeDifference <= PARITY_TOLERANCE };
}
