/**
 * Conductivity under the review's energy-conserving noise (eq. (7)-(9)), shared by the
 * `kappa-noise-trend` check and `glassy run kappa-trend`.
 *
 * - The review's noise curve (eq. (8)): λ = g^{1/2} (βg)^r.
 * - Green–Kubo timing for a flip rate λ: once the noise dominates, the total current decorrelates
 *   on the time 1/λ (a flip reverses a site's contribution), and the running integral is flat from
 *   about 2/λ (measured for g = 0.2 … 0.05: README, "Transport"). Plateau window [τc/2, τc] with
 *   τc = 4/λ (at least 50, for fast noise), run length 4τc, sampling Δτ ≈ τc/400 (at most 1).
 * - The trend: R(g) = κ̃/(g²λ) with its standard error, and the exponent a of R ∝ g^{−a} by
 *   weighted least squares of ln R against ln g (errors SE/R, independent ensembles per g).
 */
import { fitWeightedLine } from '@glassy/observables';

/** λ = g^{1/2} (βg)^r, review eq. (8). */
export function reviewNoiseRate(g: number, beta: number, r: number): number {
  return Math.sqrt(g) * (beta * g) ** r;
}

export interface NoiseKappaTiming {
  /** Plateau window [tCorr/2, tCorr]. */
  readonly tCorr: number;
  readonly tRun: number;
  /** Sampling interval of the current, a multiple of dt. */
  readonly dtau: number;
  /** dtau / dt. */
  readonly every: number;
  /** Record times 0, dtau, …, up to tRun (rounded to 15 digits: whole multiples of dt). */
  readonly times: number[];
}

export function noiseKappaTiming(lambda: number, dt: number): NoiseKappaTiming {
  const tCorr = Math.max(4 / lambda, 50);
  const every = Math.max(1, Math.round(Math.min(1, tCorr / 400) / dt));
  const dtau = every * dt;
  const n = Math.floor((4 * tCorr) / dtau) + 1;
  const times = Array.from({ length: n }, (_, j) => Number((j * every * dt).toPrecision(15)));
  return { tCorr, tRun: 4 * tCorr, dtau, every, times };
}

export interface KappaPoint {
  readonly g: number;
  readonly lambda: number;
  readonly kappa: number;
  readonly stdError: number;
}

export interface TrendFit {
  /** a in κ/(g²λ) ∝ g^{−a}, and its standard error. */
  readonly exponent: number;
  readonly stdError: number;
  /** R at g = 1 from the fit: R ≈ prefactor · g^{−a}. */
  readonly prefactor: number;
  readonly chi2: number;
  readonly dof: number;
}

/** κ/(g²λ) and its standard error. */
export function bondRatio(p: KappaPoint): { value: number; stdError: number } {
  const scale = p.g * p.g * p.lambda;
  return { value: p.kappa / scale, stdError: p.stdError / scale };
}

/** Weighted power-law fit of κ/(g²λ) against g (needs κ > 0 at ≥ 2 couplings). */
export function noiseTrend(points: readonly KappaPoint[]): TrendFit {
  const usable = points.filter((p) => p.kappa > 0 && p.stdError > 0);
  if (usable.length < 2) throw new RangeError(`the trend needs a positive κ with an error bar at two couplings or more (got ${usable.length})`);
  const fit = fitWeightedLine(
    usable.map((p) => Math.log(p.g)),
    usable.map((p) => Math.log(bondRatio(p).value)),
    usable.map((p) => p.stdError / p.kappa),
  );
  return { exponent: -fit.slope, stdError: fit.slopeStdError, prefactor: Math.exp(fit.intercept), chi2: fit.chi2, dof: fit.dof };
}
