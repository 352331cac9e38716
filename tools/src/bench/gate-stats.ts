/**
 * The CI performance gate's statistics (pure, unit-tested in test/gate-stats.test.ts).
 *
 * One gate run measures k interleaved pairs (ours, C, ours, C, …; the order flips each pair) of
 * a core step and its plain C reference, and takes the smallest paired ratio ours/C. A slow
 * moment of the shared machine that hits ours inflates one pair's ratio, not the minimum; only
 * a slowdown of our code in every pair moves it. The gate fails when that minimum exceeds the
 * case's `maxMinRatio` (tools/bench/budgets.json, `gate`).
 *
 * Its error rates are measured, not assumed: `gateFailRate` resamples gate runs of k pairs from
 * a pool of measured pairs (clean tree: the false-fail rate; a tree with an injected slowdown:
 * the power), and `gate --rates` records such pools.
 */

/** The gate's statistic: the smallest of the paired ratios. */
export function gateStatistic(ratios: readonly number[]): number {
  if (ratios.length === 0) throw new RangeError('a gate run needs at least one pair');
  return Math.min(...ratios);
}

export function gateVerdict(ratios: readonly number[], maxMinRatio: number): 'pass' | 'FAIL' {
  return gateStatistic(ratios) <= maxMinRatio ? 'pass' : 'FAIL';
}

/** mulberry32: a small seeded generator for the resampling (reproducible rates). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fraction of `draws` resampled gate runs (k pairs drawn with replacement from `pool`) that
 * fail at `maxMinRatio`, and its binomial standard error. Assumes pairs independent: a busy
 * spell that spans a whole gate run is what the repeated whole runs of `gate --rates` check.
 */
export function gateFailRate(pool: readonly number[], k: number, maxMinRatio: number, draws = 100_000, seed = 1): { rate: number; stdError: number } {
  if (pool.length === 0) throw new RangeError('empty pool of pairs');
  const next = mulberry32(seed);
  let fails = 0;
  for (let d = 0; d < draws; d++) {
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < k; i++) min = Math.min(min, pool[Math.floor(next() * pool.length)]!);
    if (min > maxMinRatio) fails++;
  }
  const rate = fails / draws;
  return { rate, stdError: Math.sqrt((rate * (1 - rate)) / draws) };
}

/**
 * Exact form of the same rate for independent pairs: P(min > T) = P(one pair > T)^k, with
 * P(one pair > T) the pool's exceedance fraction (no resampling noise).
 */
export function gateFailRateExact(pool: readonly number[], k: number, maxMinRatio: number): number {
  const above = pool.filter((r) => r > maxMinRatio).length / pool.length;
  return above ** k;
}
