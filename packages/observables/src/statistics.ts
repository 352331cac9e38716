/** Small statistics used by the checks: least-squares lines and norms. */

export interface LineFit {
  readonly slope: number;
  readonly intercept: number;
  /** Standard error of the slope (NaN with fewer than 3 points). */
  readonly slopeStdError: number;
}

/** Ordinary least squares y ≈ intercept + slope · x. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const n = x.length;
  if (n !== y.length || n < 2) throw new RangeError(`fitLine needs two arrays of equal length ≥ 2 (got ${n}, ${y.length})`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i]! - intercept - slope * x[i]!) ** 2;
  const slopeStdError = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : Number.NaN;
  return { slope, intercept, slopeStdError };
}

/** max_i |a_i − b_i| / (1 + |b_i|): absolute for small entries, relative for large ones. */
export function maxScaledDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!));
    if (!(d <= m)) m = d; // NaN propagates as a failure
  }
  return m;
}

export interface WeightedLineFit extends LineFit {
  /** Σ ((y − fit)/σ)², and its degrees of freedom n − 2. */
  readonly chi2: number;
  readonly dof: number;
}

/**
 * Weighted least squares y ≈ intercept + slope · x with known standard errors σ_i of the y_i
 * (independent): weights 1/σ², slope standard error √(1/S_xx) with S_xx = Σ (x − x̄_w)²/σ²
 * (from the stated errors, not rescaled by the scatter; χ² is returned to judge the fit).
 */
export function fitWeightedLine(x: ArrayLike<number>, y: ArrayLike<number>, sigma: ArrayLike<number>): WeightedLineFit {
  const n = x.length;
  if (n !== y.length || n !== sigma.length || n < 2) throw new RangeError(`fitWeightedLine needs three arrays of equal length ≥ 2 (got ${n}, ${y.length}, ${sigma.length})`);
  let sw = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const s = sigma[i]!;
    if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`fitWeightedLine: σ[${i}] = ${s} must be positive and finite`);
    const w = 1 / (s * s);
    sw += w;
    mx += w * x[i]!;
    my += w * y[i]!;
  }
  mx /= sw;
  my /= sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const w = 1 / sigma[i]! ** 2;
    sxx += w * (x[i]! - mx) ** 2;
    sxy += w * (x[i]! - mx) * (y[i]! - my);
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let chi2 = 0;
  for (let i = 0; i < n; i++) chi2 += ((y[i]! - intercept - slope * x[i]!) / sigma[i]!) ** 2;
  return { slope, intercept, slopeStdError: Math.sqrt(1 / sxx), chi2, dof: n - 2 };
}
