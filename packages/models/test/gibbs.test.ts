/**
 * Special functions, the von Mises sampler and the exact rotor Gibbs sampler.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { besselIScaled, besselRatioA, rotorChain, rotorGibbs, sampleVonMises, vonMisesCdf, wrapAngle } from '../src/index.js';

const bessel = JSON.parse(readFileSync(new URL('./fixtures/bessel.json', import.meta.url), 'utf8')) as Array<{ n: number; x: number; ive: number }>;

describe('besselIScaled against scipy.special.ive (fixture from fixtures/make-bessel.py)', () => {
  it.each(bessel.map((b) => [b.n, b.x, b.ive]))('e^{-x} I_%d(%d)', (n, x, expected) => {
    expect(Math.abs(besselIScaled(n, x) - expected)).toBeLessThanOrEqual(1e-14 + 1e-12 * Math.abs(expected));
  });
  it('refuses negative arguments', () => expect(() => besselIScaled(0, -1)).toThrow(RangeError));
});

describe('analytic energy and specific heat per site (docs/physics.md §1 oracle values)', () => {
  it.each([
    [1, 1, 1.05361, 0.854346],
    [0.5, 1, 1.7575, 0.614049],
    [2, 1, 0.552225, 1.156893],
    [10, 1, 0.1014, 1.029839],
    [1, 0.1, 0.595006, 0.504981],
  ])('β = %d, g = %d: u = %d, c = %d', (beta, g, u, c) => {
    const gibbs = rotorGibbs(64, g, true);
    expect(gibbs.energyPerSite!(beta)).toBeCloseTo(u, 6);
    expect(gibbs.specificHeatPerSite!(beta)).toBeCloseTo(c, 6);
  });
  it('open chain has L − 1 bonds; zero momentum removes one kinetic degree of freedom', () => {
    const A = besselRatioA(1);
    expect(rotorGibbs(8, 1, false).energyPerSite!(1)).toBeCloseTo(0.5 + ((1 - A) * 7) / 8, 14);
    expect(rotorGibbs(8, 1, true).energyPerSite!(1, { zeroMomentum: true })).toBeCloseTo((1 - 1 / 8) / 2 + (1 - A), 14);
  });
});

describe('von Mises', () => {
  it('CDF is 0 at −π, 1/2 at 0, 1 at π and increasing', () => {
    const F = vonMisesCdf(2);
    expect(F(-Math.PI)).toBe(0);
    expect(F(0)).toBeCloseTo(0.5, 9);
    expect(F(Math.PI)).toBe(1);
    for (let x = -3; x < 3; x += 0.1) expect(F(x + 0.1)).toBeGreaterThan(F(x));
  });
  it.each([0.3, 1, 4])('sampler at κ = %d: ⟨cos φ⟩ = I₁/I₀ and the empirical CDF matches (n = 10⁵)', (kappa) => {
    const g = streamFor(11, Math.round(kappa * 10));
    const n = 100_000;
    const xs = Float64Array.from({ length: n }, () => sampleVonMises(kappa, () => g.uniform()));
    const meanCos = xs.reduce((s, x) => s + Math.cos(x), 0) / n;
    expect(Math.abs(meanCos - besselRatioA(kappa))).toBeLessThan(5 * Math.sqrt(0.5 / n));
    xs.sort();
    const F = vonMisesCdf(kappa);
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(F(xs[i]!) - (i + 0.5) / n));
    expect(d * Math.sqrt(n)).toBeLessThan(1.95); // KS at α ≈ 0.001
  });
});

describe('exact rotor Gibbs sampler', () => {
  const periodic = rotorChain.create(rotorChain.params.parse({ L: 6, g: 1 }));
  it('is a pure function of the stream', () => {
    const draw = (): number[] => {
      const q = new Float64Array(6);
      const p = new Float64Array(6);
      periodic.gibbs!.sample(q, p, 1, streamFor(3, 9, 1));
      return [...q, ...p];
    };
    expect(draw()).toEqual(draw());
  });
  it('periodic chain: the closing bond has the von Mises law too (L = 6, where a naive sampler fails)', () => {
    // Without the rejection step the closing bond of a short ring is far from von Mises(κ).
    const n = 40_000;
    const q = new Float64Array(6);
    const p = new Float64Array(6);
    let cosClosing = 0;
    let cosFirst = 0;
    for (let i = 0; i < n; i++) {
      periodic.gibbs!.sample(q, p, 2, streamFor(4, i, 1));
      cosClosing += Math.cos(wrapAngle(q[0]! - q[5]!));
      cosFirst += Math.cos(wrapAngle(q[1]! - q[0]!));
    }
    expect(Math.abs(cosClosing / n - cosFirst / n)).toBeLessThan(5 * Math.sqrt(1 / n));
  });
  it('zeroMomentum removes the mean momentum', () => {
    const q = new Float64Array(6);
    const p = new Float64Array(6);
    periodic.gibbs!.sample(q, p, 1, streamFor(5), { zeroMomentum: true });
    expect(Math.abs(p.reduce((s, x) => s + x, 0))).toBeLessThan(1e-14);
  });
  it('without zeroMomentum the momenta keep their random mean', () => {
    const q = new Float64Array(6);
    const p = new Float64Array(6);
    periodic.gibbs!.sample(q, p, 1, streamFor(5));
    expect(Math.abs(p.reduce((s, x) => s + x, 0))).toBeGreaterThan(1e-6);
  });
  it('an open chain of two rotors: its one bond is von Mises(βg), ⟨cos φ⟩ = A(βg) (no closing-bond weight, which would give A(2βg))', () => {
    const open2 = rotorGibbs(2, 1, false);
    const q = new Float64Array(2);
    const p = new Float64Array(2);
    const random = streamFor(21);
    const n = 20000;
    let c = 0;
    for (let k = 0; k < n; k++) {
      open2.sample(q, p, 1, random);
      c += Math.cos(q[1]! - q[0]!);
    }
    // SE of the mean of cos φ ≤ √(1/n) = 0.007; A(1) = 0.446, A(2) = 0.698.
    expect(Math.abs(c / n - besselRatioA(1))).toBeLessThan(5 * Math.sqrt(1 / n));
  });
  it('wrapAngle maps to (−π, π]', () => {
    expect(wrapAngle(Math.PI)).toBe(Math.PI);
    expect(wrapAngle(-Math.PI)).toBe(Math.PI);
    expect(wrapAngle(3 * Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 14);
  });
});
