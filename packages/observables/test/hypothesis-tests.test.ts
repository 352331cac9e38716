import kstest from '@stdlib/stats-kstest';
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { kolmogorovSurvival, ksOneSample, ksTwoSample, meanAndStdError, twoSidedNormalP, varianceAndStdError } from '../src/index.js';

describe('Kolmogorov–Smirnov', () => {
  it('asymptotic p-values agree with @stdlib/stats-kstest (exact) at n = 2000', () => {
    for (const [seed, shift] of [[1, 0], [2, 0.05], [3, 0.08], [4, 0.02]] as const) {
      const g = streamFor(seed);
      const xs = Array.from({ length: 2000 }, () => g.normal() + shift);
      const ours = ksOneSample(xs, (x) => normalCdf(x, 0, 1));
      const ref = kstest(xs, 'normal', 0, 1) as { pValue: number; statistic: number };
      expect(ours.statistic).toBeCloseTo(ref.statistic, 12);
      expect(Math.abs(ours.pValue - ref.pValue)).toBeLessThan(0.02 + 0.05 * ref.pValue);
    }
  });
  it('Kolmogorov survival function: Q(1.3581) ≈ 0.05, Q(1.9495) ≈ 0.001', () => {
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 3);
    expect(kolmogorovSurvival(1.9495)).toBeCloseTo(0.001, 4);
  });
  it('two-sample test: same law accepted, shifted law rejected', () => {
    const g = streamFor(9);
    const a = Array.from({ length: 3000 }, () => g.normal());
    const b = Array.from({ length: 3000 }, () => g.normal());
    const c = Array.from({ length: 3000 }, () => g.normal() + 0.2);
    expect(ksTwoSample(a, b).pValue).toBeGreaterThan(0.001);
    expect(ksTwoSample(a, c).pValue).toBeLessThan(1e-6);
    expect(ksTwoSample(a, c).statistic).toBe(ksTwoSample(c, a).statistic);
  });
});

describe('the project generator against these tests', () => {
  it.each([1, 2, 3])('ziggurat normals pass KS against Φ (n = 2·10⁵, stream %d)', (seed) => {
    const g = streamFor(1000 + seed);
    const xs = Float64Array.from({ length: 200_000 }, () => g.normal());
    expect(ksOneSample(xs, (x) => normalCdf(x, 0, 1)).pValue).toBeGreaterThan(0.001);
  });
});

describe('normal p-values and moments', () => {
  it('twoSidedNormalP', () => {
    expect(twoSidedNormalP(0)).toBe(1);
    expect(twoSidedNormalP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedNormalP(-3.290527)).toBeCloseTo(0.001, 6);
    expect(twoSidedNormalP(Number.NaN)).toBe(0);
  });
  it('mean, SE and variance SE', () => {
    const r = meanAndStdError([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.variance).toBeCloseTo(5 / 3, 14);
    expect(r.stdError).toBeCloseTo(Math.sqrt(5 / 12), 14);
    expect(varianceAndStdError([1, 2, 3, 4]).variance).toBeCloseTo(5 / 3, 14);
  });
});
