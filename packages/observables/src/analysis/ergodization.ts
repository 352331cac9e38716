/**
 * Ergodization time from finite-time averages (Mithun, Danieli, Kati & Flach, "Dynamical glass
 * and ergodization times in classical Josephson junction chains", PRL 122, 054102 (2019); the
 * review's ref. [61]; the same estimator as in their PRL 120, 184101 (2018) for the
 * Gross–Pitaevskii lattice).
 *
 * For a local observable f_x(t) (here the kinetic energy p_x²/2, or the local energy e_x):
 *
 *   f̄_x(T) = (1/T) ∫_0^T f_x(t) dt                     finite-time average (trapezoid rule on
 *                                                         samples every few steps)
 *   q(T) = ⟨ (f̄_x(T) − f̄(T))² ⟩ / ⟨ (f_x − f̄)² ⟩       fluctuation index
 *
 * where f̄ (without x) is the average over the sites of one trajectory and ⟨·⟩ the average over
 * sites and trajectories; the denominator is the equilibrium (instantaneous) variance, averaged
 * over the whole run. The site variance is taken within each trajectory, so that the sample-to-
 * sample spread of the total (a conserved or nearly conserved quantity) does not enter: for an
 * ergodic chain q(T) → 0, for a non-ergodic one (uncoupled rotors: every f_x constant) q(T) = 1.
 * For a stationary process with normalised autocorrelation C(s) of f_x, exactly
 * q(T) = (2/T) ∫_0^T (1 − s/T) C(s) ds, so q(T) → T_E / T with T_E = 2 ∫_0^∞ C(s) ds: the
 * ergodization time T_E is the plateau of T·q(T), measured here as its mean over the last half
 * decade of recorded T (T ∈ [T_max/√10, T_max]), with a percentile bootstrap over trajectories.
 * T·q approaches its plateau from below (by (2/T)∫ s C(s) ds, slowly where C has a diffusive
 * tail), so the window is kept short; the log-log slope of T·q(T) over it says whether the
 * plateau is reached (≈ 0) or T_E is still a lower bound (> 0).
 */
import { fitLine } from '../statistics.js';
import { bootstrapResample, bootstrapSpread } from './relaxation.js';
import type { Stepper } from '@glassy/contracts';

export type LocalObservable = (q: Float64Array, p: Float64Array, out: Float64Array) => void;

/** f_x = p_x²/2 (unit masses). */
export const kineticPerSite: LocalObservable = (_q, p, out) => {
  for (let x = 0; x < p.length; x++) out[x] = 0.5 * p[x]! * p[x]!;
};

export interface FluctuationRun {
  /** Within-trajectory site variance of f̄_x(T) at each recorded T. */
  readonly siteVariance: number[];
  /** Σ_x (p_x(T) − p_x(0))² / (2L) at each recorded T (β times this is the review's φ). */
  readonly phiOverBeta: number[];
  /** Time average of the instantaneous site variance of f_x over the run. */
  readonly equilibriumVariance: number;
}

function siteVar(v: Float64Array, scale: number): number {
  const n = v.length;
  let m = 0;
  for (let x = 0; x < n; x++) m += v[x]!;
  m /= n;
  let s = 0;
  for (let x = 0; x < n; x++) s += (v[x]! * scale - m * scale) ** 2;
  return s / n;
}

/**
 * Advance (q, p) for `record[record.length − 1]` samples of `every` steps of dt each,
 * accumulating ∫ f_x dt by the trapezoid rule on the samples (spacing every·dt), and return the
 * site variance of f̄_x(T) at the recorded sample counts (increasing, ≥ 1). Allocates nothing per
 * step. Throws on a non-finite state.
 */
export function fluctuationRun(stepper: Stepper, q: Float64Array, p: Float64Array, dt: number, record: readonly number[], observable: LocalObservable, every = 1): FluctuationRun {
  const h = dt * every;
  const n = p.length;
  const f = new Float64Array(n);
  const fPrev = new Float64Array(n);
  const acc = new Float64Array(n);
  const p0 = p.slice();
  const siteVariance: number[] = [];
  const phiOverBeta: number[] = [];
  observable(q, p, fPrev);
  let eqSum = siteVar(fPrev, 1);
  let next = 0;
  const total = record[record.length - 1]!;
  for (let step = 1; step <= total; step++) {
    stepper.step(q, p, dt, every);
    observable(q, p, f);
    let m = 0;
    for (let x = 0; x < n; x++) {
      const fx = f[x]!;
      acc[x]! += 0.5 * h * (fPrev[x]! + fx);
      fPrev[x] = fx;
      m += fx;
    }
    m /= n;
    let v = 0;
    for (let x = 0; x < n; x++) v += (f[x]! - m) ** 2;
    eqSum += v / n;
    if (step === record[next]) {
      let d = 0;
      for (let x = 0; x < n; x++) {
        if (!Number.isFinite(q[x]!) || !Number.isFinite(p[x]!)) throw new RangeError(`state became non-finite by t = ${step * h}, site ${x + 1}`);
        d += (p[x]! - p0[x]!) ** 2;
      }
      siteVariance.push(siteVar(acc, 1 / (step * h)));
      phiOverBeta.push(d / (2 * n));
      next++;
    }
  }
  return { siteVariance, phiOverBeta, equilibriumVariance: eqSum / (total + 1) };
}

/** Width in decades of the window [T_max/10^w, T_max] on which T_E and the slopes are read. */
export const TAIL_DECADES = 0.5;

export interface ErgodizationEstimate {
  /** q(T) from all trajectories, and its bootstrap standard deviation. */
  readonly q: number[];
  readonly qStdError: number[];
  /** T_E: mean of T·q(T) over T ∈ [T_max/√10, T_max]; percentile bootstrap (2.5 %, 97.5 %). */
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly stdError: number;
  readonly replicates: number[];
  readonly missing: number;
  /** Log-log slope of T·q(T) over the same window (0 on the ergodic plateau), with its interval. */
  readonly tailSlope: { readonly value: number; readonly lo: number; readonly hi: number };
  /** Log-log slope of q(T) itself over the same window (−1 ergodic, 0 non-ergodic). */
  readonly qSlope: number;
}

/** q(T) curve from per-trajectory runs, optionally resampled (pick = indices). */
function qCurve(runs: readonly FluctuationRun[], pick?: Int32Array): number[] {
  const m = pick ? pick.length : runs.length;
  const k = runs[0]!.siteVariance.length;
  const num = new Float64Array(k);
  let den = 0;
  for (let j = 0; j < m; j++) {
    const r = runs[pick ? pick[j]! : j]!;
    for (let i = 0; i < k; i++) num[i]! += r.siteVariance[i]!;
    den += r.equilibriumVariance;
  }
  return Array.from(num, (x) => x / den);
}

/**
 * T_E and q(T) with a percentile bootstrap over trajectories (replicate b draws with the stream
 * (seed, b)). `times` are the recorded T of the runs.
 */
export function ergodizationTime(times: readonly number[], runs: readonly FluctuationRun[], options: { replicates: number; seed: number; tailDecades?: number }): ErgodizationEstimate {
  const tMax = times[times.length - 1]!;
  const from = tMax / 10 ** (options.tailDecades ?? TAIL_DECADES);
  const tail = times.map((t, i) => (t >= from * (1 - 1e-9) ? i : -1)).filter((i) => i >= 0);
  const lx = tail.map((i) => Math.log(times[i]!));
  const plateau = (q: number[]): { te: number; slope: number } => {
    const tq = tail.map((i) => times[i]! * q[i]!);
    const te = tq.reduce((s, x) => s + x, 0) / tq.length;
    return { te, slope: tail.length >= 2 && tq.every((x) => x > 0) ? fitLine(lx, tq.map(Math.log)).slope : Number.NaN };
  };
  const q = qCurve(runs);
  const central = plateau(q);
  const qs = bootstrapResample(runs.length, options.replicates, options.seed, (pick) => qCurve(runs, pick));
  const plateaus = qs.map(plateau);
  const reps = plateaus.map((p) => p.te);
  const te = bootstrapSpread(reps);
  const slope = bootstrapSpread(plateaus.map((p) => p.slope));
  return {
    q,
    qStdError: q.map((_, i) => (qs.length > 1 ? bootstrapSpread(qs.map((c) => c[i]!)).stdError : Number.NaN)),
    value: central.te,
    lo: te.lo,
    hi: te.hi,
    stdError: reps.length > 1 ? te.stdError : Number.NaN,
    replicates: reps,
    missing: 0,
    tailSlope: { value: central.slope, lo: slope.lo, hi: slope.hi },
    // log(T q) = log T + log q on the same points: the slope of q is the slope of T·q minus 1.
    qSlope: central.slope - 1,
  };
}
