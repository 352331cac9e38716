/**
 * The CI performance gate's statistics (pure, unit-tested in test/gate-stats.test.ts).
 *
 * One gate run measures k interleaved pairs (ours, C, ours, C, …; the order flips each pair) of
 * a core step and its plain C reference, and takes the median paired ratio ours/C (k odd). A
 * busy spell of the shared machine that hits one side of a few pairs moves single ratios up or
 * down, not the median; a slowdown of our code in every pair moves it. The gate fails when the
 * median exceeds the case's `maxRatio` (tools/bench/budgets.json, `gate`). (The minimum, tried
 * first, is blind to a slowdown as soon as one pair's C side is slowed by the machine: measured
 * power 77 % against a 2× slowdown of the anharmonic step, where the median has 100 %.)
 *
 * Its error rates are measured, not assumed: `gateFailRate` resamples gate runs of k pairs from
 * a pool of measured pairs (clean tree: the false-fail rate; a tree with an injected slowdown:
 * the power), and `gate --rates` records such pools.
 */
import { median } from './ensemble-stats.js';
import { mulberry32 } from './reference-state.js';

/** The gate's statistic: the median of the paired ratios (the mean of the middle two for even k). */
export function gateStatistic(ratios: readonly number[]): number {
  if (ratios.length === 0) throw new RangeError('a gate run needs at least one pair');
  return median(ratios);
}

export function gateVerdict(ratios: readonly number[], maxRatio: number): 'pass' | 'FAIL' {
  return gateStatistic(ratios) <= maxRatio ? 'pass' : 'FAIL';
}

/**
 * The fraction of `draws` resampled gate runs (k pairs drawn with replacement from `pool`) that
 * fail at `maxRatio`, and its binomial standard error. Assumes pairs independent: a busy spell
 * that spans a whole gate run is what repeated whole runs of the gate check.
 */
export function gateFailRate(pool: readonly number[], k: number, maxRatio: number, draws = 100_000, seed = 1): { rate: number; stdError: number } {
  if (pool.length === 0) throw new RangeError('empty pool of pairs');
  const next = mulberry32(seed);
  const run = new Array<number>(k);
  let fails = 0;
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < k; i++) run[i] = pool[Math.floor(next() * pool.length)]!;
    if (gateStatistic(run) > maxRatio) fails++;
  }
  const rate = fails / draws;
  return { rate, stdError: Math.sqrt((rate * (1 - rate)) / draws) };
}

/**
 * Exact form of the same rate for independent pairs and odd k: the median exceeds T when at
 * least (k+1)/2 of the k pairs do, each with probability q = the pool's exceedance fraction:
 * Σ_{j ≥ (k+1)/2} C(k, j) q^j (1 − q)^{k−j}.
 */
export function gateFailRateExact(pool: readonly number[], k: number, maxRatio: number): number {
  if (k % 2 === 0) throw new RangeError('the exact rate is for odd k');
  const q = pool.filter((r) => r > maxRatio).length / pool.length;
  let total = 0;
  let choose = 1; // C(k, 0)
  for (let j = 0; j <= k; j++) {
    if (j >= (k + 1) / 2) total += choose * q ** j * (1 - q) ** (k - j);
    choose = (choose * (k - j)) / (j + 1);
  }
  return total;
}
