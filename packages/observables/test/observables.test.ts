import { describe, expect, it } from 'vitest';
import { NonFiniteStateError, type HamiltonianModel, type Stepper } from '@glassy/contracts';
import { streamFor } from '@glassy/contracts';
import { advanceChecked, energyErrorSeries, fitLine, fitWeightedLine, maxScaledDifference } from '../src/index.js';

/** A stepper (a pure map of the state) that counts steps in q[site] and turns it NaN at step `badStep`. */
function poisoned(site: number, badStep: number): Stepper {
  return {
    step(q, _p, _dt, n) {
      for (let k = 0; k < n; k++) q[site] = q[site]! + 1 >= badStep ? Number.NaN : q[site]! + 1;
    },
  };
}

describe('advanceChecked', () => {
  it('names the first non-finite step and site, and keeps the last finite state', () => {
    const q = new Float64Array(4);
    const p = new Float64Array(4);
    let err: unknown;
    try {
      advanceChecked(poisoned(2, 300), q, p, 0.5, 1000, { chunk: 64 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteStateError);
    const e = err as NonFiniteStateError;
    expect(e.step).toBe(300);
    expect(e.site).toBe(2);
    expect(e.message).toContain('site 3 (sites numbered 1 … L)'); // index 2 is site 3, as figures count
    expect(e.coordinate).toBe('q');
    expect(e.time).toBe(150);
    expect(q[2]).toBe(299); // state after step 299, the last finite one
  });
  it('runs a finite trajectory to the end', () => {
    const q = new Float64Array(2);
    advanceChecked(poisoned(0, Number.POSITIVE_INFINITY), q, new Float64Array(2), 0.1, 1000, { chunk: 7 });
    expect(q[0]).toBe(1000);
  });
});

describe('fitLine', () => {
  it('recovers an exact line with zero slope error', () => {
    const x = [0, 1, 2, 3, 4];
    const f = fitLine(x, x.map((v) => 3 - 2 * v));
    expect(f.slope).toBeCloseTo(-2, 14);
    expect(f.intercept).toBeCloseTo(3, 14);
    expect(f.slopeStdError).toBeCloseTo(0, 12);
  });
  it('refuses mismatched input', () => expect(() => fitLine([1, 2], [1])).toThrow(RangeError));
});

describe('fitWeightedLine', () => {
  it('equals ordinary least squares for equal errors, with slope error σ/√S_xx', () => {
    const x = [0, 1, 2, 3];
    const y = [1.1, 2.9, 5.2, 6.8];
    const w = fitWeightedLine(x, y, [0.5, 0.5, 0.5, 0.5]);
    const o = fitLine(x, y);
    expect(w.slope).toBeCloseTo(o.slope, 13);
    expect(w.intercept).toBeCloseTo(o.intercept, 13);
    expect(w.slopeStdError).toBeCloseTo(0.5 / Math.sqrt(5), 13); // S_xx = 5
    expect(w.dof).toBe(2);
  });
  it('down-weights an uncertain point, and its slope error covers the truth at the stated rate', () => {
    // y = 2 − 0.5 x with Gaussian errors of known σ: over 2000 synthetic fits, |slope + 0.5| ≤ 2 SE
    // in about 95.4 % of them (binomial SE 0.5 %: allow 93–98 %).
    const random = streamFor(3, 0);
    const x = [0, 0.7, 1.4, 2.1];
    const sigma = [0.05, 0.1, 0.2, 0.4];
    let covered = 0;
    for (let k = 0; k < 2000; k++) {
      const y = x.map((v, i) => 2 - 0.5 * v + sigma[i]! * random.normal());
      const f = fitWeightedLine(x, y, sigma);
      if (Math.abs(f.slope + 0.5) <= 2 * f.slopeStdError) covered++;
    }
    expect(covered / 2000).toBeGreaterThan(0.93);
    expect(covered / 2000).toBeLessThan(0.98);
  });
  it('refuses mismatched input and non-positive errors', () => {
    expect(() => fitWeightedLine([1, 2], [1, 2], [1])).toThrow(RangeError);
    expect(() => fitWeightedLine([1, 2], [1, 2], [1, 0])).toThrow(/σ\[1\]/);
  });
});

describe('maxScaledDifference', () => {
  it('is absolute near zero, relative for large values, and NaN-poisoned', () => {
    expect(maxScaledDifference([1e-3], [0])).toBeCloseTo(1e-3, 15);
    expect(maxScaledDifference([1001], [1000])).toBeCloseTo(1 / 1001, 12);
    expect(maxScaledDifference([Number.NaN], [0])).toBeNaN();
  });
});

describe('energyErrorSeries', () => {
  // A one-degree-of-freedom "model" whose energy p²/2 grows linearly under the stepper.
  const model = { hamiltonian: (_q: Float64Array, p: Float64Array) => 0.5 * p[0]! * p[0]! } as unknown as HamiltonianModel;
  it('measures a linear drift as slope and window drift', () => {
    const stepper: Stepper = { step: (_q, p, dt, n) => void (p[0] = Math.sqrt(p[0]! ** 2 + 2 * 1e-3 * dt * n)) };
    const s = energyErrorSeries(model, stepper, new Float64Array(1), Float64Array.of(1), 0.1, 10_000, 100);
    expect(s.slope).toBeCloseTo(2e-3, 6); // ΔH/H per unit time with H0 = 1/2
    expect(s.windowDrift).toBeGreaterThan(1.5);
    expect(s.maxAbsRelError).toBeCloseTo(2, 3);
  });
  it('finds no drift for an exactly conserving stepper', () => {
    const s = energyErrorSeries(model, { step: () => undefined }, new Float64Array(1), Float64Array.of(1), 0.1, 1000, 50);
    expect(s.maxAbsRelError).toBe(0);
    expect(s.windowDrift).toBe(0);
  });
});
