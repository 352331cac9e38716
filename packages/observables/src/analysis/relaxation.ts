/**
 * Analysis of the relaxation observable φ(g, β, t) (docs/physics.md §1, review section 2):
 * t0(g) = first time the window-smoothed φ reaches 0.9, with a bootstrap interval over samples;
 * the power law t0 ~ g^ν with an interval on ν; the quality of the collapse of φ against
 * τ = t/t0(g); and the late-time approach 1 − 1/L − φ ≈ c t^{−1/2}.
 */
import { streamFor } from '@glassy/contracts';
import { fitLine } from '../statistics.js';

/**
 * Log-spaced times tMin·10^(k/perDecade) up to tMax (so round times such as 1, 10, 100 are on
 * the grid when tMin is a power of ten), plus tMax itself, rounded to whole steps of dt, unique.
 */
export function logTimeGrid(dt: number, tMin: number, tMax: number, perDecade: number): number[] {
  const out: number[] = [];
  let last = -1;
  const push = (t: number): void => {
    const steps = Math.max(1, Math.round(t / dt));
    if (steps > last) {
      out.push(steps * dt);
      last = steps;
    }
  };
  for (let k = 0; tMin * 10 ** (k / perDecade) <= tMax * (1 + 1e-12); k++) push(tMin * 10 ** (k / perDecade));
  push(tMax);
  return out;
}

/** Running mean over ±halfWidth grid points (a window of constant width in log t). */
export function smoothWindow(values: readonly number[], halfWidth: number): number[] {
  return values.map((_, i) => {
    const a = Math.max(0, i - halfWidth);
    const b = Math.min(values.length - 1, i + halfWidth);
    let s = 0;
    for (let k = a; k <= b; k++) s += values[k]!;
    return s / (b - a + 1);
  });
}

/** First time the curve reaches `level`, interpolated linearly in log t; NaN if it never does. */
export function firstCrossing(times: readonly number[], values: readonly number[], level: number): number {
  for (let i = 0; i < values.length; i++) {
    if (values[i]! >= level) {
      if (i === 0) return times[0]!;
      const f = (level - values[i - 1]!) / (values[i]! - values[i - 1]!);
      return Math.exp(Math.log(times[i - 1]!) + f * (Math.log(times[i]!) - Math.log(times[i - 1]!)));
    }
  }
  return Number.NaN;
}

/** Mean over samples at every time of a (time × sample) matrix, for the samples listed. */
function meanCurve(perSample: readonly (readonly number[])[], pick?: Int32Array): number[] {
  return perSample.map((row) => {
    if (!pick) return row.reduce((s, x) => s + x, 0) / row.length;
    let s = 0;
    for (let k = 0; k < pick.length; k++) s += row[pick[k]!]!;
    return s / pick.length;
  });
}

export interface CrossingEstimate {
  /** From the full sample. */
  readonly value: number;
  /** Percentile bootstrap interval (2.5 %, 97.5 %) and the bootstrap standard deviation. */
  readonly lo: number;
  readonly hi: number;
  readonly stdError: number;
  /** Bootstrap replicates (NaN where the resampled curve never reached the level). */
  readonly replicates: number[];
  /** Fraction of replicates that never reached the level. */
  readonly missing: number;
}

/** Linear-interpolated percentile p ∈ [0, 1] of an ascending array (NaN if empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const x = p * (sorted.length - 1);
  const i = Math.floor(x);
  return i + 1 < sorted.length ? sorted[i]! + (x - i) * (sorted[i + 1]! - sorted[i]!) : sorted[i]!;
}

/**
 * t0 = first crossing of `level` by the smoothed mean curve, and its bootstrap over samples:
 * replicate b resamples the M samples with replacement using the stream (seed, b).
 */
export function crossingTime(
  times: readonly number[],
  perSample: readonly (readonly number[])[],
  options: { level: number; halfWidth: number; replicates: number; seed: number },
): CrossingEstimate {
  const at = (curve: number[]): number => firstCrossing(times, smoothWindow(curve, options.halfWidth), options.level);
  const value = at(meanCurve(perSample));
  const replicates = bootstrapResample(perSample[0]!.length, options.replicates, options.seed, (pick) => at(meanCurve(perSample, pick)));
  const spread = bootstrapSpread(replicates);
  return { value, lo: spread.lo, hi: spread.hi, stdError: spread.stdError, replicates, missing: 1 - spread.finite / Math.max(1, replicates.length) };
}

/**
 * Percentile bootstrap: replicate b resamples m items with replacement, drawing its indices from
 * the stream (seed, b), and returns statistic(pick). The same resampling for t0, T_E and the
 * breather slopes, so intervals are reproducible from (seed, b) alone.
 */
export function bootstrapResample<T>(m: number, replicates: number, seed: number, statistic: (pick: Int32Array) => T): T[] {
  const out: T[] = [];
  const pick = new Int32Array(m);
  for (let b = 0; b < replicates; b++) {
    const r = streamFor(seed, b);
    for (let k = 0; k < m; k++) pick[k] = Math.floor(r.uniform() * m);
    out.push(statistic(pick));
  }
  return out;
}

/** 95 % percentile interval and standard deviation of the finite bootstrap replicates. */
export function bootstrapSpread(replicates: readonly number[]): { lo: number; hi: number; stdError: number; finite: number } {
  const finite = replicates.filter(Number.isFinite).sort((a, b) => a - b);
  const mean = finite.reduce((s, x) => s + x, 0) / finite.length;
  const sd = Math.sqrt(finite.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, finite.length - 1));
  return { lo: percentile(finite, 0.025), hi: percentile(finite, 0.975), stdError: sd, finite: finite.length };
}

export interface PowerLawFit {
  /** t0 ≈ prefactor · g^exponent, least squares on log t0 vs log g. */
  readonly exponent: number;
  readonly prefactor: number;
  /** Percentile bootstrap interval of the exponent (replicate b fits the b-th replicate of every g). */
  readonly lo: number;
  readonly hi: number;
  readonly stdError: number;
}

export function powerLawFit(g: readonly number[], t0: readonly CrossingEstimate[]): PowerLawFit {
  const lx = g.map(Math.log);
  const central = fitLine(lx, t0.map((e) => Math.log(e.value)));
  const exps: number[] = [];
  const B = Math.min(...t0.map((e) => e.replicates.length));
  for (let b = 0; b < B; b++) {
    const ly = t0.map((e) => Math.log(e.replicates[b]!));
    if (ly.every(Number.isFinite)) exps.push(fitLine(lx, ly).slope);
  }
  exps.sort((a, b) => a - b);
  const mean = exps.reduce((s, x) => s + x, 0) / exps.length;
  const sd = Math.sqrt(exps.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, exps.length - 1));
  return { exponent: central.slope, prefactor: Math.exp(central.intercept), lo: percentile(exps, 0.025), hi: percentile(exps, 0.975), stdError: sd };
}

export interface CurveOnTau {
  readonly tau: readonly number[];
  readonly phi: readonly number[];
  readonly stdError: readonly number[];
}

/** Linear interpolation in log τ; NaN outside the curve's range. */
function interpolate(c: CurveOnTau, tau: number): { phi: number; se: number } {
  const x = Math.log(tau);
  for (let i = 1; i < c.tau.length; i++) {
    const a = Math.log(c.tau[i - 1]!);
    const b = Math.log(c.tau[i]!);
    if (x >= a && x <= b) {
      const f = b > a ? (x - a) / (b - a) : 0;
      return { phi: c.phi[i - 1]! + f * (c.phi[i]! - c.phi[i - 1]!), se: c.stdError[i - 1]! + f * (c.stdError[i]! - c.stdError[i - 1]!) };
    }
  }
  return { phi: Number.NaN, se: Number.NaN };
}

/**
 * Collapse quality: χ²/dof of the differences between every pair of curves φ(τ) on the τ points
 * (τ ≥ tauMin) of the first curve of each pair where both are defined, with their standard errors
 * combined.
 * About 1 for a perfect collapse within errors; much larger when the curves do not collapse.
 */
export function collapseQuality(curves: readonly CurveOnTau[], tauMin = 0): { chi2PerDof: number; dof: number; tauMin: number } {
  let chi2 = 0;
  let dof = 0;
  for (let i = 0; i < curves.length; i++) {
    for (let j = i + 1; j < curves.length; j++) {
      curves[i]!.tau.forEach((tau, k) => {
        if (tau < tauMin) return;
        const other = interpolate(curves[j]!, tau);
        if (!Number.isFinite(other.phi)) return;
        const v = curves[i]!.stdError[k]! ** 2 + other.se ** 2;
        if (v > 0) {
          chi2 += (curves[i]!.phi[k]! - other.phi) ** 2 / v;
          dof++;
        }
      });
    }
  }
  return { chi2PerDof: dof > 0 ? chi2 / dof : Number.NaN, dof, tauMin };
}

/**
 * Late-time approach to the plateau: least squares of log(φ∞ − φ) against log t over the times
 * with φ ≥ fromLevel (and φ < φ∞), giving φ∞ − φ ≈ c t^{exponent}; the review finds exponent −1/2.
 */
export function lateTimeFit(
  times: readonly number[],
  phi: readonly number[],
  phiInfinity: number,
  fromLevel: number,
): { exponent: number; exponentStdError: number; c: number; points: number } {
  const x: number[] = [];
  const y: number[] = [];
  times.forEach((t, i) => {
    if (phi[i]! >= fromLevel && phi[i]! < phiInfinity) {
      x.push(Math.log(t));
      y.push(Math.log(phiInfinity - phi[i]!));
    }
  });
  if (x.length < 3) return { exponent: Number.NaN, exponentStdError: Number.NaN, c: Number.NaN, points: x.length };
  const f = fitLine(x, y);
  return { exponent: f.slope, exponentStdError: f.slopeStdError, c: Math.exp(f.intercept), points: x.length };
}
