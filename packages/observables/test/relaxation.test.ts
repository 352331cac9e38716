/**
 * φ analysis on synthetic data whose answers are known: crossing times, bootstrap intervals,
 * power-law exponents, collapse quality and the late-time exponent.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { collapseQuality, crossingTime, firstCrossing, lateTimeFit, logTimeGrid, powerLawFit, smoothWindow } from '../src/index.js';

/** A relaxation curve reaching 1 − 1/L like the review's: φ(t) = φ∞ (1 − 1/(1 + t/t1)^{1/2}). */
const phiInf = 1 - 1 / 64;
const curve = (t: number, t1: number): number => phiInf * (1 - 1 / Math.sqrt(1 + t / t1));

describe('time grid and smoothing', () => {
  it('log grid: whole steps, increasing, spanning [tMin, tMax]', () => {
    const t = logTimeGrid(0.01, 0.1, 1000, 10);
    expect(t[0]).toBeCloseTo(0.1, 12);
    expect(t.at(-1)).toBeCloseTo(1000, 9);
    for (let i = 1; i < t.length; i++) expect(t[i]).toBeGreaterThan(t[i - 1]!);
    for (const x of t) expect(Math.abs(x / 0.01 - Math.round(x / 0.01))).toBeLessThan(1e-9);
    expect(t.length).toBe(41);
  });
  it('smoothing keeps a linear sequence in the interior and averages the edges', () => {
    expect(smoothWindow([1, 2, 3, 4, 5], 1)).toEqual([1.5, 2, 3, 4, 4.5]);
    expect(smoothWindow([1, 2, 3], 0)).toEqual([1, 2, 3]);
  });
  it('first crossing interpolates in log t and is NaN when the level is never reached', () => {
    expect(firstCrossing([1, 100], [0, 1], 0.5)).toBeCloseTo(10, 12);
    expect(firstCrossing([1, 10], [0.2, 0.3], 0.9)).toBeNaN();
    expect(firstCrossing([1, 10], [0.95, 0.99], 0.9)).toBe(1);
  });
});

describe('crossing time with a bootstrap interval', () => {
  const times = logTimeGrid(0.01, 0.1, 1e4, 12);
  const exact = (t1: number): number => t1 * ((1 / (1 - 0.9 / phiInf)) ** 2 - 1); // solves curve(t) = 0.9
  /** M samples: the curve plus independent noise of size sd at every time. */
  function samples(t1: number, m: number, sd: number, seed: number): number[][] {
    const r = streamFor(seed);
    const per = times.map(() => new Array<number>(m));
    for (let j = 0; j < m; j++) times.forEach((t, k) => (per[k]![j] = curve(t, t1) + sd * r.normal()));
    return per;
  }
  it('recovers t0 and covers it with its 95% interval; the interval narrows with more samples', () => {
    const small = crossingTime(times, samples(2, 64, 0.05, 1), { level: 0.9, halfWidth: 1, replicates: 400, seed: 5 });
    const large = crossingTime(times, samples(2, 1024, 0.05, 2), { level: 0.9, halfWidth: 1, replicates: 400, seed: 5 });
    for (const e of [small, large]) {
      expect(e.lo).toBeLessThan(exact(2));
      expect(e.hi).toBeGreaterThan(exact(2));
    }
    expect(Math.abs(large.value / exact(2) - 1)).toBeLessThan(0.1);
    expect(large.hi - large.lo).toBeLessThan(0.5 * (small.hi - small.lo));
  });
  it('is reproducible from its seed', () => {
    const per = samples(1, 32, 0.05, 3);
    const a = crossingTime(times, per, { level: 0.9, halfWidth: 1, replicates: 50, seed: 9 });
    const b = crossingTime(times, per, { level: 0.9, halfWidth: 1, replicates: 50, seed: 9 });
    expect(a.replicates).toEqual(b.replicates);
  });

  it('power law: recovers ν = −5 from t0(g) = 3 g^{−5} within its interval', () => {
    const g = [1, 0.7, 0.5, 0.4];
    const est = g.map((x, i) => crossingTime(times.filter((t) => t <= 4e4), samples((3 * x ** -5) / exact(1), 256, 0.04, 10 + i), { level: 0.9, halfWidth: 1, replicates: 300, seed: 20 + i }));
    const fit = powerLawFit(g, est);
    expect(fit.lo).toBeLessThan(-5);
    expect(fit.hi).toBeGreaterThan(-5);
    expect(fit.exponent).toBeCloseTo(-5, 0);
  });
});

describe('collapse quality and late-time fit', () => {
  const tau = logTimeGrid(0.001, 0.01, 100, 10);
  const se = tau.map(() => 0.01);
  it('χ²/dof ≈ 1 for curves equal within their errors, ≫ 1 for curves that do not collapse', () => {
    const r = streamFor(4);
    const a = { tau, phi: tau.map((t) => curve(t, 1) + 0.01 * r.normal()), stdError: se };
    const b = { tau, phi: tau.map((t) => curve(t, 1) + 0.01 * r.normal()), stdError: se };
    const c = { tau, phi: tau.map((t) => curve(t, 3)), stdError: se };
    const good = collapseQuality([a, b]);
    expect(good.chi2PerDof).toBeGreaterThan(0.3);
    expect(good.chi2PerDof).toBeLessThan(2);
    expect(collapseQuality([a, c]).chi2PerDof).toBeGreaterThan(50);
  });
  it('late-time exponent −1/2 from φ∞ − φ ∝ t^{−1/2}', () => {
    const t = logTimeGrid(0.01, 1, 1e5, 10);
    const fit = lateTimeFit(t, t.map((x) => curve(x, 1)), phiInf, 0.9);
    expect(fit.exponent).toBeCloseTo(-0.5, 1);
    expect(fit.points).toBeGreaterThan(10);
  });
});
