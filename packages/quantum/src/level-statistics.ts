/**
 * Level statistics: the mean ratio of consecutive gaps, r_n = min(s_n, s_{n+1}) / max(s_n, s_{n+1})
 * with s_n = E_{n+1} − E_n (Oganesyan & Huse 2007; Atas, Bogomolny, Giraud & Roux, PRL 110,
 * 084101 (2013)), over the levels with index in [⌊n/4⌋, ⌊3n/4⌋) of one symmetry sector (the middle
 * of the spectrum; no unfolding needed). Poisson: 2 ln 2 − 1 ≈ 0.3863; GOE: ≈ 0.5307.
 */
export const POISSON_MEAN_GAP_RATIO = 2 * Math.LN2 - 1;
export const GOE_MEAN_GAP_RATIO = 0.5307;

/** The gap ratios r_n of the levels E_from … E_{to−1} (the middle half) of ascending `levels`. */
export function gapRatios(levels: ArrayLike<number>): number[] {
  const n = levels.length;
  const from = Math.floor(n / 4);
  const to = Math.floor((3 * n) / 4);
  const r: number[] = [];
  for (let i = from; i + 2 < to; i++) {
    const s1 = levels[i + 1]! - levels[i]!;
    const s2 = levels[i + 2]! - levels[i + 1]!;
    const hi = Math.max(s1, s2);
    // Two exactly degenerate gaps say nothing about level repulsion: skipped.
    if (hi <= 0) continue;
    r.push(Math.min(s1, s2) / hi);
  }
  return r;
}

/** ⟨r⟩ with its standard error (consecutive r are correlated: the error is a lower bound). */
export function meanGapRatio(levels: ArrayLike<number>): { mean: number; stdError: number; count: number } {
  const r = gapRatios(levels);
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  const variance = r.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, r.length - 1);
  return { mean, stdError: Math.sqrt(variance / r.length), count: r.length };
}

/** The Poisson distribution of r: P(r) = 2 / (1 + r)² on [0, 1]. */
export function poissonGapRatioDensity(r: number): number {
  return 2 / (1 + r) ** 2;
}

/** The GOE Wigner-like surmise of Atas et al. (2013): P(r) = (27/4)(r + r²)/(1 + r + r²)^{5/2}, folded onto [0, 1] (×2). */
export function goeGapRatioDensity(r: number): number {
  return ((2 * 27) / 8) * (r + r * r) / (1 + r + r * r) ** 2.5;
}

export interface GapRatioEstimate {
  readonly mean: number;
  readonly stdError: number;
  /** Number of ratios r_n pooled. */
  readonly count: number;
  /** Number of spectra (disorder realisations). */
  readonly realisations: number;
  /** How the standard error was estimated. */
  readonly errorMethod: 'realisations' | 'batch-means';
}

/**
 * ⟨r⟩ over the middle halves of several spectra, pooled. Standard error: the spread of the
 * per-spectrum means over √R for R ≥ 5 spectra (disorder realisations are independent); for
 * fewer (a clean model has one spectrum), batch means over 10 consecutive blocks of r
 * (consecutive ratios are correlated). Floored by sd(r)/√count, the error if every r were
 * independent (the spread can vanish, e.g. when disorder is never wired in).
 */
export function gapRatioEstimate(spectra: readonly ArrayLike<number>[]): GapRatioEstimate {
  const per = spectra.map((s) => gapRatios(s));
  const all = per.flat();
  if (all.length < 10) throw new RangeError(`gapRatioEstimate: ${all.length} gap ratios are too few (need ≥ 10; the middle half of the spectrum holds too few levels)`);
  const mean = all.reduce((s, x) => s + x, 0) / all.length;
  const sd = Math.sqrt(all.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, all.length - 1));
  let se: number;
  let errorMethod: GapRatioEstimate['errorMethod'];
  if (per.length >= 5) {
    const means = per.map((r) => r.reduce((s, x) => s + x, 0) / r.length);
    const mm = means.reduce((s, x) => s + x, 0) / means.length;
    se = Math.sqrt(means.reduce((s, x) => s + (x - mm) ** 2, 0) / (means.length - 1) / means.length);
    errorMethod = 'realisations';
  } else {
    const B = 10;
    const size = Math.floor(all.length / B);
    const means = Array.from({ length: B }, (_, b) => all.slice(b * size, (b + 1) * size).reduce((s, x) => s + x, 0) / size);
    const mm = means.reduce((s, x) => s + x, 0) / B;
    se = Math.sqrt(means.reduce((s, x) => s + (x - mm) ** 2, 0) / (B - 1) / B);
    errorMethod = 'batch-means';
  }
  return { mean, stdError: Math.max(se, sd / Math.sqrt(all.length)), count: all.length, realisations: spectra.length, errorMethod };
}

/** Histogram of the pooled r of several spectra on [0, 1] as a probability density. */
export function gapRatioHistogram(spectra: readonly ArrayLike<number>[], bins: number): { edges: number[]; density: number[] } {
  const all = spectra.flatMap((s) => gapRatios(s));
  const counts = new Array<number>(bins).fill(0);
  for (const r of all) counts[Math.min(bins - 1, Math.floor(r * bins))]! += 1;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => i / bins), density: counts.map((c) => (c * bins) / Math.max(1, all.length)) };
}
