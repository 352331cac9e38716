import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/**
 * Goodness-of-fit tests used by the statistical checks, with their null hypotheses stated.
 *
 * Kolmogorov–Smirnov p-values use the asymptotic Kolmogorov distribution with Stephens'
 * small-sample correction, λ = (√n + 0.12 + 0.11/√n) D, Q(λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²}
 * (accurate to a few per cent of p for n ≥ 35, far better than needed at the α we use).
 * @stdlib/stats-kstest computes exact p-values but in O(n²): 100 s for n = 10⁵ here, while the
 * checks pool 10⁴ to 10⁵ values; the tests cross-check the two at n = 2000.
 */

/** Kolmogorov survival function Q(λ) = P(√n D > λ) as n → ∞. */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KsResult {
  /** sup |F_n − F|. */
  readonly statistic: number;
  readonly pValue: number;
  readonly n: number;
}

/** NaN anywhere: no distribution test can pass (statistic NaN, p-value 0: rejected). */
function hasNaN(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) return true;
  return false;
}

const REJECTED_NAN: Omit<KsResult, 'n'> = { statistic: Number.NaN, pValue: 0 };

/** H0: the values are iid with CDF `cdf`. Sorts a copy. NaN values reject H0. */
export function ksOneSample(values: ArrayLike<number>, cdf: (x: number) => number): KsResult {
  const x = Float64Array.from(values).sort();
  const n = x.length;
  if (hasNaN(x)) return { ...REJECTED_NAN, n };
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(x[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  const sn = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovSurvival((sn + 0.12 + 0.11 / sn) * d), n };
}

/**
 * H0: both samples are iid from one continuous distribution. NaN values reject H0 (and would
 * otherwise stall the merge below: NaN compares false with everything).
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  if (hasNaN(x) || hasNaN(y)) return { ...REJECTED_NAN, n: Math.round((x.length * y.length) / (x.length + y.length)) };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const ne = (x.length * y.length) / (x.length + y.length);
  const sn = Math.sqrt(ne);
  return { statistic: d, pValue: kolmogorovSurvival((sn + 0.12 + 0.11 / sn) * d), n: Math.round(ne) };
}

/** Two-sided p-value of a standard normal z-score, 2Φ(−|z|). */
export function twoSidedNormalP(z: number): number {
  return Number.isNaN(z) ? 0 : 2 * normalCdf(-Math.abs(z), 0, 1);
}

/** Mean and standard error of the mean. */
export function meanAndStdError(values: ArrayLike<number>): { mean: number; stdError: number; variance: number } {
  const n = values.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i]! - m) ** 2;
  v /= n - 1;
  return { mean: m, stdError: Math.sqrt(v / n), variance: v };
}

/**
 * Sample variance with its large-n standard error √((m₄ − s⁴)/n): used for the specific heat.
 */
export function varianceAndStdError(values: ArrayLike<number>): { variance: number; stdError: number } {
  const n = values.length;
  const { mean, variance } = meanAndStdError(values);
  let m4 = 0;
  for (let i = 0; i < n; i++) m4 += (values[i]! - mean) ** 4;
  m4 /= n;
  return { variance, stdError: Math.sqrt(Math.max(0, m4 - variance * variance) / n) };
}
