/** The CI gate's statistic and its error-rate estimates, on synthetic pairs. */
import { describe, expect, it } from 'vitest';
import { gateFailRate, gateFailRateExact, gateStatistic, gateVerdict } from '../src/bench/gate-stats.js';

describe('gate statistic', () => {
  it('is the median paired ratio, so disturbed pairs on either side do not decide', () => {
    expect(gateStatistic([0.21, 0.2, 0.95, 0.22, 0.05])).toBe(0.21);
    expect(gateStatistic([1, 3])).toBe(2);
    expect(gateVerdict([0.21, 0.2, 0.95, 0.22, 0.2], 0.3)).toBe('pass');
  });
  it('fails a slowdown present in most pairs', () => {
    expect(gateVerdict([0.42, 0.4, 0.2, 0.41, 0.43], 0.3)).toBe('FAIL');
    expect(() => gateStatistic([])).toThrow(/at least one pair/);
  });
});

describe('gate error rates from a pool of measured pairs', () => {
  // A clean pool: 90 % of pairs near 0.2, 10 % disturbed up to 0.6; a slowed pool: twice that,
  // with 10 % of its pairs disturbed down (a slowed C side) to 0.1.
  const clean = Array.from({ length: 100 }, (_, i) => (i % 10 === 9 ? 0.6 : 0.19 + 0.0002 * i));
  const slowed = clean.map((r, i) => (i % 10 === 4 ? 0.1 : 2 * r));

  it('exact binomial rate for the median of 5: P(≥ 3 of 5 above) with q = 0.1 is 8.56e-3, and resampling agrees', () => {
    expect(gateFailRateExact(clean, 5, 0.3)).toBeCloseTo(10 * 0.1 ** 3 * 0.9 ** 2 + 5 * 0.1 ** 4 * 0.9 + 0.1 ** 5, 12);
    const { rate, stdError } = gateFailRate(clean, 5, 0.3, 200_000, 3);
    expect(Math.abs(rate - 8.56e-3)).toBeLessThan(4 * stdError);
  });

  it('keeps its power against a 2x slowdown when some pairs are disturbed the other way', () => {
    // P(median of 5 > 0.3) with 80 % of slowed pairs above (10 % disturbed down, 10 % at 2·0.6 above too: 90 %)
    expect(gateFailRateExact(slowed, 5, 0.3)).toBeGreaterThan(0.99);
    expect(gateFailRate(slowed, 5, 0.3, 20_000).rate).toBeGreaterThan(0.99);
    expect(() => gateFailRateExact(slowed, 4, 0.3)).toThrow(/odd k/);
  });

  it('is reproducible for a seed', () => {
    expect(gateFailRate(clean, 3, 0.2, 1000, 7)).toEqual(gateFailRate(clean, 3, 0.2, 1000, 7));
  });
});
