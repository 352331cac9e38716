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
