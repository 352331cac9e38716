/**
 * The noise-trend helpers shared by `kappa-noise-trend` and `glassy run kappa-trend`: the
 * review's noise curve, the Green–Kubo timing rule, and the power-law fit of κ/(g²λ) against g.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { bondRatio, noiseKappaTiming, noiseTrend, reviewNoiseRate } from '../src/transport.js';

describe('the review\'s noise curve and the Green–Kubo timing', () => {
  it('λ = g^{1/2}(βg)^r (eq. (8))', () => {
    expect(reviewNoiseRate(0.1, 1, 2)).toBeCloseTo(0.1 ** 2.5, 15);
    expect(reviewNoiseRate(0.25, 2, 3)).toBeCloseTo(0.5 * 0.5 ** 3, 15);
  });
  it('plateau over [2/λ, 4/λ] (at least [25, 50]), runs of 16/λ, Δτ a multiple of dt and at most 1', () => {
    const slow = noiseKappaTiming(0.001, 0.05);
    expect(slow.tCorr).toBeCloseTo(4000, 9);
    expect(slow.tRun).toBeCloseTo(16000, 9);
    expect(slow.dtau).toBeCloseTo(1, 12);
    expect(slow.every).toBe(20);
    const fast = noiseKappaTiming(1, 0.05);
    expect(fast.tCorr).toBe(50);
    expect(fast.every).toBe(3); // τc/400 = 0.125 → the nearest multiple of dt, 0.15
    expect(fast.dtau).toBeCloseTo(0.15, 12);
  });
});

describe('noiseTrend: a in κ/(g²λ) ∝ g^{−a}', () => {
  const couplings = [0.2, 0.1, 0.05];
  const point = (g: number, a: number, rel: number, noise = 0) => {
    const lambda = reviewNoiseRate(g, 1, 2);
    const kappa = 2 * g ** (2 - a) * lambda * Math.exp(rel * noise);
    return { g, lambda, kappa, stdError: rel * kappa };
  };
  it('recovers the exponent of exact power laws (a = 0, 1/2, 2) with the prefactor', () => {
    for (const a of [0, 0.5, 2]) {
      const fit = noiseTrend(couplings.map((g) => point(g, a, 0.1)));
      expect(fit.exponent).toBeCloseTo(a, 12);
      expect(fit.prefactor).toBeCloseTo(2, 10);
      expect(fit.chi2).toBeCloseTo(0, 20);
      // ln R errors 0.1 each at ln g spaced by ln 2: S_xx = 2 (ln 2)² / 0.01
      expect(fit.stdError).toBeCloseTo(0.1 / (Math.SQRT2 * Math.LN2), 12);
    }
  });
  it('its standard error is honest: |a − a_true| ≤ 2 SE in about 95 % of noisy synthetic trends', () => {
    const random = streamFor(9, 1);
    let covered = 0;
    const runs = 2000;
    for (let k = 0; k < runs; k++) {
      const fit = noiseTrend(couplings.map((g) => point(g, 0.5, 0.1, random.normal())));
      if (Math.abs(fit.exponent - 0.5) <= 2 * fit.stdError) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.93);
    expect(covered / runs).toBeLessThan(0.98);
  });
  it('bondRatio divides value and error by g²λ; the fit refuses fewer than two usable points', () => {
    const r = bondRatio({ g: 0.1, lambda: 0.01, kappa: 3e-4, stdError: 1e-5 });
    expect(r.value).toBeCloseTo(3, 12);
    expect(r.stdError).toBeCloseTo(0.1, 12);
    expect(() => noiseTrend([{ g: 0.1, lambda: 0.01, kappa: 1e-4, stdError: 1e-5 }, { g: 0.05, lambda: 0.001, kappa: -1e-6, stdError: 1e-5 }])).toThrow(RangeError);
  });
});
