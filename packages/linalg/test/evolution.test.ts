/**
 * Krylov evolution against evolution by the eigendecomposition (two independent methods), on a
 * random sparse symmetric matrix: agreement to 1e-10 at short and long times (where the Krylov
 * method must take substeps), the norm kept, and the inverse evolution returning the start.
 * The test is shown to see an error: a Krylov space too small for its tolerance would be caught
 * by the same comparison (checked with the substep control switched off by a huge tolerance).
 */
import { describe, expect, it } from 'vitest';
import { denseSymmetricEigen, eigenEvolve, krylovEvolve } from '../src/index.js';

function randomSparseSymmetric(n: number, seed: number): { dense: Float64Array; matvec: (x: Float64Array, y: Float64Array) => void } {
  let s = seed;
  const u = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    dense[i * n + i] = 4 * (u() - 0.5);
    for (let k = 0; k < 3; k++) {
      const j = Math.floor(u() * n);
      if (j === i) continue;
      const v = u() - 0.5;
      dense[i * n + j] = v;
      dense[j * n + i] = v;
    }
  }
  const matvec = (x: Float64Array, y: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += dense[i * n + j]! * x[j]!;
      y[i] = acc;
    }
  };
  return { dense, matvec };
}

function start(n: number): { re: Float64Array; im: Float64Array } {
  const re = Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + 0.2));
  const im = Float64Array.from({ length: n }, (_, i) => Math.cos(0.7 * i * i));
  let norm = 0;
  for (let i = 0; i < n; i++) norm += re[i]! ** 2 + im[i]! ** 2;
  norm = Math.sqrt(norm);
  return { re: re.map((x) => x / norm), im: im.map((x) => x / norm) };
}

const distance = (a: { re: Float64Array; im: Float64Array }, b: { re: Float64Array; im: Float64Array }): number => {
  let d = 0;
  for (let i = 0; i < a.re.length; i++) d += (a.re[i]! - b.re[i]!) ** 2 + (a.im[i]! - b.im[i]!) ** 2;
  return Math.sqrt(d);
};

describe('krylovEvolve against eigenEvolve', () => {
  const n = 160;
  const { dense, matvec } = randomSparseSymmetric(n, 12345);
  const eig = denseSymmetricEigen(dense, n, { vectors: true });

  it.each([0.1, 1, 20, 100])('t = %s: the two agree to 1e-10 and the norm is kept', (t) => {
    const a = start(n);
    const b = start(n);
    const stats = krylovEvolve(matvec, a.re, a.im, t, { krylovDimension: 25, tolerance: 1e-12 });
    eigenEvolve(eig, b.re, b.im, t);
    expect(distance(a, b)).toBeLessThan(1e-10);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += a.re[i]! ** 2 + a.im[i]! ** 2;
    expect(Math.abs(Math.sqrt(norm) - 1)).toBeLessThan(1e-12);
    if (t >= 20) expect(stats.substeps).toBeGreaterThan(1);
  });

  it('evolving by t and then by −t returns the start state', () => {
    const a = start(n);
    krylovEvolve(matvec, a.re, a.im, 7);
    krylovEvolve(matvec, a.re, a.im, -7);
    expect(distance(a, start(n))).toBeLessThan(1e-10);
  });

  it('the comparison sees an inaccurate evolution: one Krylov step of dimension 4 at t = 20 is far off', () => {
    const a = start(n);
    const b = start(n);
    krylovEvolve(matvec, a.re, a.im, 20, { krylovDimension: 4, tolerance: 1e30 });
    eigenEvolve(eig, b.re, b.im, 20);
    expect(distance(a, b)).toBeGreaterThan(0.1);
  });

  it('eigenEvolve refuses a decomposition without vectors', () => {
    const a = start(n);
    expect(() => eigenEvolve(denseSymmetricEigen(dense, n), a.re, a.im, 1)).toThrow(/no vectors/);
  });
});
