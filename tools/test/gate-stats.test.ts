/** The CI gate's statistic and its error-rate estimates, on synthetic pairs. */
import { describe, expect, it } from 'vitest';
import { gateFailRate, gateFailRateExact, gateStatistic, gateVerdict } from '../src/bench/gate-stats.js';

describe('gate statistic', () => {
  it('is the smallest paired ratio, so one disturbed pair does not fail a clean tree', () => {
    expect(gateStatistic([0.21, 0.2, 0.95, 0.22, 0.2])).toBe(0.2);
    expect(gateVerdict([0.21, 0.2, 0.95, 0.22, 0.2], 0.3)).toBe('pass');
  });
  it('fails a slowdown present in every pair', () => {
    expect(gateVerdict([0.42, 0.4, 0.44, 0.41, 0.43], 0.3)).toBe('FAIL');
    expect(() => gateStatistic([])).toThrow(/at least one pair/);
  });
});

describe('gate error rates from a pool of measured pairs', () => {
  // A clean pool: 90 % of pairs near 0.2, 10 % disturbed up to 0.6; a slowed pool: twice that.
  const clean = Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? 0.6 : 0.19 + 0.0002 * i));
  const slowed = clean.map((r) => 2 * r);

  it('resampled and exact rates agree: false-fail (0.1)^5 = 1e-5 at a threshold between the modes', () => {
    expect(gateFailRateExact(clean, 5, 0.3)).toBeCloseTo(1e-5, 12);
    const { rate, stdError } = gateFailRate(clean, 5, 0.3, 200_000, 3);
    expect(rate).toBeLessThan(1e-4);
    expect(stdError).toBeLessThan(1e-4);
  });

  it('a 2x slowdown fails every resampled run at that threshold (power 1)', () => {
    expect(gateFailRateExact(slowed, 5, 0.3)).toBe(1);
    expect(gateFailRate(slowed, 5, 0.3, 10_000).rate).toBe(1);
  });

  it('is reproducible for a seed', () => {
    expect(gateFailRate(clean, 2, 0.2, 1000, 7)).toEqual(gateFailRate(clean, 2, 0.2, 1000, 7));
  });
});
