/**
 * Sampling profiles. benchmark.js samples each case for about `maxTime` seconds, plus
 * calibration and a final overshoot (measured here: ~2 s per case at full settings, ~0.5 s at
 * quick ones). The wall-time target is split over the cases, so registering more models or
 * integrators shortens each case instead of stretching the run: `full` stays under two
 * minutes, `quick` (CI, bench:check) around twenty seconds with wider error bars.
 */
import type { SamplingOptions } from './benny-adapter.js';

export type ProfileName = 'full' | 'quick';

export interface SamplingProfile {
  /** Target wall time of the whole run, in seconds. */
  readonly wallSeconds: number;
  /** Time per case beyond maxTime (calibration, overshoot), as measured on the 2-core runner. */
  readonly overheadPerCase: number;
  /** No case samples longer than this, however few cases there are. */
  readonly maxTimePerCase: number;
  /** Nor shorter than this, however many (shorter gives useless error bars). */
  readonly minTimePerCase: number;
  readonly minSamples: number;
}

export const PROFILES: Readonly<Record<ProfileName, SamplingProfile>> = {
  full: { wallSeconds: 90, overheadPerCase: 2, maxTimePerCase: 5, minTimePerCase: 0.5, minSamples: 10 },
  quick: { wallSeconds: 18, overheadPerCase: 0.5, maxTimePerCase: 1, minTimePerCase: 0.25, minSamples: 5 },
};

export function samplingFor(profile: SamplingProfile, caseCount: number): SamplingOptions {
  const share = profile.wallSeconds / Math.max(1, caseCount) - profile.overheadPerCase;
  return { maxTime: Math.min(profile.maxTimePerCase, Math.max(profile.minTimePerCase, share)), minSamples: profile.minSamples };
}

/**
 * The C reference comparison: `rounds` rounds, each measuring every case on both sides back to
 * back for about `minSeconds` each (the C programs time ≥ minSeconds; ours gives benchmark.js
 * that maxTime). Medians over rounds; the spread of the paired ratios is the noise estimate.
 */
export interface ReferenceProfile {
  readonly rounds: number;
  readonly minSeconds: number;
}

export const REFERENCE_PROFILES: Readonly<Record<ProfileName, ReferenceProfile>> = {
  full: { rounds: 5, minSeconds: 0.5 },
  quick: { rounds: 3, minSeconds: 0.3 },
};
