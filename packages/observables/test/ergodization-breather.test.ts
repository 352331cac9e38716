/**
 * The ergodization estimator (finite-time averages, q(T), T_E) and the breather-decay tools on
 * cases whose answers are known: uncoupled rotors (q = 1 at every T), a synthetic ergodic tail
 * q = c/T, an exactly decaying energy, the harmonic period and the Gamma function.
 */
import { describe, expect, it } from 'vitest';
import { STREAM, streamFor, type Stepper } from '@glassy/contracts';
import { stormerVerlet } from '@glassy/integrators';
import { rotorChain } from '@glassy/models';
import { breatherDecay, breatherExponent, breatherInitialState, dissipationRates, dissipationSlope, ergodizationTime, fluctuationRun, kineticPerSite, lnGamma, logTimeGrid, pinnedPeriod, rotorPeriod, type FluctuationRun } from '../src/index.js';

describe('lnGamma and the breather period', () => {
  it('matches known values of Γ', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(1 / 3)).toBeCloseTo(Math.log(2.678938534707747), 13);
    expect(lnGamma(1.25)).toBeCloseTo(Math.log(0.906402477055477), 13);
  });

  it('gives the harmonic period 2π at every energy, and the quartic period by quadrature', () => {
    for (const e of [0.01, 1, 1e4]) expect(pinnedPeriod(2, e)).toBeCloseTo(2 * Math.PI, 12);
    // P(E) = 4 ∫_0^{q_max} dq / √(2(E − q⁴/4)), q = q_max sin^{1/2}… here by the substitution q = q_max (1 − u²).
    const e = 37;
    const qm = (4 * e) ** 0.25;
    const n = 200000;
    let s = 0;
    for (let k = 0; k < n; k++) {
      const u = (k + 0.5) / n;
      const qq = qm * (1 - u * u);
      s += (2 * u * qm) / Math.sqrt(2 * (e - qq ** 4 / 4));
    }
    expect(pinnedPeriod(4, e)).toBeCloseTo((4 * s) / n, 6);
    expect(rotorPeriod(50)).toBeCloseTo((2 * Math.PI) / 10, 14);
  });

  it('gives f(L) = (1 − 2/a)(L − 1) − 1', () => {
    expect(breatherExponent(4, 3)).toBe(0);
    expect(breatherExponent(6, 3)).toBeCloseTo(1 / 3, 15);
    expect(breatherExponent(4, 5)).toBe(1);
  });
});

describe('breatherDecay', () => {
  it('records the first-passage times of an energy that decays exactly as H0 e^{−2κt}', () => {
    const kappa = 0.01;
    // A "stepper" that damps one harmonic coordinate exactly: q ← q e^{−κ dt n}.
    const stepper: Stepper = { step: (q, _p, dt, n) => void (q[0] = q[0]! * Math.exp(-kappa * dt * n)) };
    const h = (q: Float64Array): number => 0.5 * q[0]! * q[0]!;
    const q = Float64Array.of(Math.sqrt(2 * 100));
    const p = new Float64Array(1);
    const levels = Array.from({ length: 11 }, (_, k) => 100 * 10 ** (-k / 10));
    const r = breatherDecay(stepper, h, q, p, { period: () => 2 * Math.PI, levels, stepsPerPeriod: 100, periodsPerSegment: 1, dtMax: 0.01, tMax: 1e6 });
    for (let k = 0; k < levels.length; k++) expect(r.crossing[k]!).toBeCloseTo(Math.log(100 / levels[k]!) / (2 * kappa), 2);
    expect(r.trace.H[0]).toBeCloseTo(100, 10);
    expect(r.trace.H.at(-1)!).toBeLessThanOrEqual(levels.at(-1)!);
  });

  it('stops at tMax with the unreached levels NaN, and throws on a non-finite energy', () => {
    const still: Stepper = { step: () => undefined };
    const r = breatherDecay(still, () => 5, new Float64Array(1), new Float64Array(1), { period: () => 1, levels: [5, 4], stepsPerPeriod: 10, periodsPerSegment: 1, dtMax: 1, tMax: 3 });
    expect(r.crossing[0]).toBe(0);
    expect(Number.isNaN(r.crossing[1]!)).toBe(true);
    const bad: Stepper = { step: (q) => void (q[0] = Number.NaN) };
    expect(() => breatherDecay(bad, (q) => q[0]!, Float64Array.of(10), new Float64Array(1), { period: () => 1, levels: [9, 8], stepsPerPeriod: 10, periodsPerSegment: 1, dtMax: 1, tMax: 3 })).toThrow(/non-finite/);
  });

  it('puts exactly the requested energy on one site, by q or by p', () => {
    const m = rotorChain.create(rotorChain.params.parse({ L: 4, g: 1, boundary: 'open' }));
    const q = new Float64Array(4);
    const p = new Float64Array(4);
    breatherInitialState(m, 3, 123.4, q, p, 'p');
    expect(m.hamiltonian(q, p)).toBeCloseTo(123.4, 10);
    expect(Array.from(q)).toEqual([0, 0, 0, 0]);
    expect(() => breatherInitialState(m, 3, 123.4, q, p, 'q')).toThrow(/no amplitude of q/);
  });
});

describe('dissipation rates and slope from first-passage times', () => {
  it('recovers the exponent of dH/dt = −c H^{−f} from the exact passage times', () => {
    for (const f of [0, 1 / 3, 1, 5 / 3]) {
      const c = 0.7;
      const levels = Array.from({ length: 11 }, (_, k) => 1000 * 10 ** (-k / 10));
      // H^{1+f} falls linearly: t(E) = (E0^{1+f} − E^{1+f}) / (c (1 + f)).
      const times = levels.map((e) => (1000 ** (1 + f) - e ** (1 + f)) / (c * (1 + f)));
      const r = dissipationSlope(levels, times, 1);
      expect(r.slope).toBeCloseTo(-f, 2);
      expect(r.energy).toHaveLength(9);
      expect(Number.isFinite(r.upperHalf)).toBe(true);
    }
  });

  it('leaves out pairs whose times do not increase (unreached levels are NaN)', () => {
    const r = dissipationRates([100, 90, 80, 70], [0, 1, Number.NaN, Number.NaN]);
    expect(r.rate).toEqual([10]);
    expect(r.energy[0]).toBeCloseTo(Math.sqrt(9000), 12);
    expect(Number.isNaN(dissipationSlope([100, 90, 80], [0, 1, 2], 0).slope)).toBe(true);
  });
});

describe('fluctuation index and ergodization time', () => {
  it('gives q(T) = 1 at every T for uncoupled rotors (every p_x² constant)', () => {
    const m = rotorChain.create(rotorChain.params.parse({ L: 16, g: 0 }));
    const q = new Float64Array(16);
    const p = new Float64Array(16);
    m.gibbs!.sample(q, p, 1, streamFor(1, 0, STREAM.initialState));
    const times = logTimeGrid(0.1, 1, 100, 5);
    const r = fluctuationRun(stormerVerlet.create(m), q, p, 0.02, times.map((t) => Math.round(t / 0.1)), kineticPerSite, 5);
    for (const v of r.siteVariance) expect(v / r.equilibriumVariance).toBeCloseTo(1, 12);
    // φ: p does not change, so Σ (p(t) − p(0))² = 0.
    for (const x of r.phiOverBeta) expect(x).toBe(0);
  });

  it('reads T_E = c off a tail q = c/T, with slope 0 for T·q and −1 for q', () => {
    const times = logTimeGrid(1, 1, 1e4, 10);
    const runs: FluctuationRun[] = [0.8, 1, 1.2].map((w) => ({ siteVariance: times.map((t) => (w * 50) / t), phiOverBeta: times.map(() => 0), equilibriumVariance: w }));
    const e = ergodizationTime(times, runs, { replicates: 200, seed: 3 });
    expect(e.value).toBeCloseTo(50, 10);
    expect(e.tailSlope.value).toBeCloseTo(0, 10);
    expect(e.qSlope).toBeCloseTo(-1, 10);
    expect(e.lo).toBeLessThanOrEqual(50 + 1e-9);
    expect(e.hi).toBeGreaterThanOrEqual(50 - 1e-9);
    expect(e.q[0]).toBeCloseTo(50, 10);
  });

  it('flags a tail that has not levelled: T·q still rising gives a positive slope', () => {
    const times = logTimeGrid(1, 1, 1e4, 10);
    const runs: FluctuationRun[] = [{ siteVariance: times.map((t) => 1 / Math.sqrt(t)), phiOverBeta: times.map(() => 0), equilibriumVariance: 1 }];
    const e = ergodizationTime(times, runs, { replicates: 0, seed: 1 });
    expect(e.tailSlope.value).toBeCloseTo(0.5, 10);
    expect(e.qSlope).toBeCloseTo(-0.5, 10);
  });
});
