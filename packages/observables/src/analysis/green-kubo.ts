/**
 * Green–Kubo analysis of total-current time series (docs/physics.md §1, transport).
 *
 * Convention (standard; heat flux = −κ̃ ∂_x T):
 *   κ̃ = (β² / L) ∫_0^∞ C(τ) dτ,   C(τ) = ⟨J(τ) J(0)⟩ (equilibrium, J = Σ_x j_x).
 * The review's κ (flux = κ ∇β) is κ̃/β² up to its own normalisation of eq. (2).
 *
 * Per sample, C is estimated from one stationary series J(0), J(Δ), …, J((N−1)Δ) by the unbiased
 * time average C(kΔ) = (1/(N−k)) Σ_n J(n+k) J(n), computed by FFT with zero padding (O(N log N)).
 * The running integral K(τ) = (β²/L) ∫_0^τ C uses the trapezoid rule. Plateau rule: κ̃ is the mean
 * of K(τ) over τ ∈ [τ_c/2, τ_c] for the cut-off τ_c given by the user (stated in the output);
 * samples are independent, so the standard error is the across-sample standard deviation of
 * the per-sample values divided by √M.
 */

import { fft } from '@glassy/linalg';
import { estimateOf } from '../ensemble/moments.js';

/** The engine's per-sample values, perSample[time][sample], as one series per sample. */
export function seriesBySample(perSample: readonly (readonly number[])[]): Float64Array[] {
  const n = perSample.length;
  const m = perSample[0]!.length;
  return Array.from({ length: m }, (_, s) => Float64Array.from({ length: n }, (_, k) => perSample[k]![s]!));
}

export { fft };

/** Unbiased autocorrelation C(k) = (1/(N−k)) Σ_n x(n+k) x(n), k = 0 … maxLag, by FFT. */
export function autocorrelation(x: ArrayLike<number>, maxLag: number): Float64Array {
  const N = x.length;
  if (maxLag >= N) throw new RangeError(`autocorrelation: maxLag ${maxLag} must be below the series length ${N}`);
  let n = 1;
  while (n < 2 * N) n <<= 1;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < N; i++) re[i] = x[i]!;
  fft(re, im);
  for (let i = 0; i < n; i++) {
    re[i] = re[i]! * re[i]! + im[i]! * im[i]!;
    im[i] = 0;
  }
  fft(re, im, true);
  const out = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) out[k] = re[k]! / (N - k);
  return out;
}

/** K(τ_k) = scale · ∫_0^{τ_k} C by the trapezoid rule on a grid of spacing dtau. */
export function runningIntegral(c: ArrayLike<number>, dtau: number, scale: number): Float64Array {
  const out = new Float64Array(c.length);
  for (let k = 1; k < c.length; k++) out[k] = out[k - 1]! + 0.5 * dtau * scale * (c[k - 1]! + c[k]!);
  return out;
}

export interface GreenKuboResult {
  readonly lags: Float64Array;
  /** Mean over samples of C(τ) and its standard error. */
  readonly correlation: Float64Array;
  readonly correlationStdError: Float64Array;
  /** Mean running integral K(τ) and its standard error. */
  readonly running: Float64Array;
  readonly runningStdError: Float64Array;
  /** Plateau value of κ̃ (mean of K over [τ_c/2, τ_c]) ± standard error across samples. */
  readonly kappa: number;
  readonly kappaStdError: number;
  readonly perSample: Float64Array;
}

/**
 * Green–Kubo from per-sample current series series[sample][n] on a uniform grid of spacing
 * dtau: κ̃ = (β²/L) ∫ C, plateau over lags [τ_c/2, τ_c].
 */
export function greenKubo(series: readonly ArrayLike<number>[], dtau: number, beta: number, L: number, tauCut: number): GreenKuboResult {
  const M = series.length;
  const maxLag = Math.round(tauCut / dtau);
  const from = Math.round(maxLag / 2);
  const scale = (beta * beta) / L;
  const sumC = new Float64Array(maxLag + 1);
  const sumC2 = new Float64Array(maxLag + 1);
  const sumK = new Float64Array(maxLag + 1);
  const sumK2 = new Float64Array(maxLag + 1);
  const perSample = new Float64Array(M);
  series.forEach((x, s) => {
    const c = autocorrelation(x, maxLag);
    const k = runningIntegral(c, dtau, scale);
    let plateau = 0;
    for (let i = from; i <= maxLag; i++) plateau += k[i]!;
    perSample[s] = plateau / (maxLag - from + 1);
    for (let i = 0; i <= maxLag; i++) {
      sumC[i] = sumC[i]! + c[i]!;
      sumC2[i] = sumC2[i]! + c[i]! * c[i]!;
      sumK[i] = sumK[i]! + k[i]!;
      sumK2[i] = sumK2[i]! + k[i]! * k[i]!;
    }
  });
  const meanSe = (sum: Float64Array, sum2: Float64Array): [Float64Array, Float64Array] => {
    const mean = sum.map((v) => v / M);
    const se = sum2.map((v, i) => Math.sqrt(Math.max(0, v / M - mean[i]! * mean[i]!) / (M - 1)));
    return [mean, se];
  };
  const [correlation, correlationStdError] = meanSe(sumC, sumC2);
  const [running, runningStdError] = meanSe(sumK, sumK2);
  const kappa = estimateOf(perSample);
  return {
    lags: Float64Array.from({ length: maxLag + 1 }, (_, i) => i * dtau),
    correlation,
    correlationStdError,
    running,
    runningStdError,
    kappa: kappa.value,
    kappaStdError: kappa.stdError,
    perSample,
  };
}
