/**
 * The dense symmetric eigensolver (Householder + QL) against the cyclic Jacobi reference on random
 * matrices (fast-check, fixed seed), against a matrix with a known spectrum, and its
 * eigenvectors by their residuals and orthonormality; Lanczos against the dense solver on the
 * extremal levels of a sparse random operator.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { denseSymmetricEigen, lanczos, symmetricJacobiEigen } from '../src/index.js';

function symmetric(n: number, entries: readonly number[]): Float64Array {
  const a = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = entries[k++ % entries.length]!;
  return a;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** max_k ‖A v_k − λ_k v_k‖ and max |V Vᵀ − I|. */
function residuals(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): { res: number; orth: number } {
  let res = 0;
  let orth = 0;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j]! * vectors[k * n + j]!;
      res = Math.max(res, Math.abs(s - values[k]! * vectors[k * n + i]!));
    }
    for (let l = 0; l < n; l++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += vectors[k * n + i]! * vectors[l * n + i]!;
      orth = Math.max(orth, Math.abs(d - (k === l ? 1 : 0)));
    }
  }
  return { res, orth };
}

describe('denseSymmetricEigen', () => {
  test.prop([fc.integer({ min: 1, max: 30 }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 500 })], { seed: 20261207, numRuns: 60 })(
    'eigenvalues equal the Jacobi reference to 1e-12·‖A‖; vectors have residuals and orthonormality at round-off',
    (n, entries) => {
      const a = symmetric(n, entries);
      const scale = Math.max(1, maxAbs(a));
      const dense = denseSymmetricEigen(a, n, { vectors: true });
      const ref = symmetricJacobiEigen(a, n);
      for (let k = 0; k < n; k++) expect(Math.abs(dense.values[k]! - ref.values[k]!)).toBeLessThanOrEqual(1e-12 * n * scale);
      const { res, orth } = residuals(a, n, dense.values, dense.vectors!);
      expect(res).toBeLessThanOrEqual(1e-12 * n * scale);
      expect(orth).toBeLessThanOrEqual(1e-12 * n);
    },
  );

  it('finds a known spectrum: Q diag(λ) Qᵀ with Q a product of reflectors, degenerate levels included', () => {
    const n = 40;
    const lambda = Array.from({ length: n }, (_, k) => (k < 6 ? 2 : k - 17.5)); // a 6-fold level
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = lambda[i]!;
    // Conjugate by three reflectors I − 2uuᵀ with fixed unit u.
    for (const seed of [1, 2, 3]) {
      const u = Float64Array.from({ length: n }, (_, i) => Math.sin(seed * (i + 1) * 1.7));
      const nu = Math.hypot(...u);
      for (let i = 0; i < n; i++) u[i] = u[i]! / nu;
      const h = (i: number, j: number): number => (i === j ? 1 : 0) - 2 * u[i]! * u[j]!;
      const t = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) t[i * n + j] = t[i * n + j]! + h(i, k) * a[k * n + j]!;
      a.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] = a[i * n + j]! + t[i * n + k]! * h(k, j);
    }
    const got = denseSymmetricEigen(a, n).values;
    const want = [...lambda].sort((x, y) => x - y);
    for (let k = 0; k < n; k++) expect(got[k]).toBeCloseTo(want[k]!, 12);
  });

  it('refuses a non-finite entry and a bad size', () => {
    expect(() => denseSymmetricEigen([1, Number.NaN, Number.NaN, 1], 2)).toThrow(/entry \(1, 0\) is NaN/);
    expect(() => denseSymmetricEigen([1, 2, 3], 2)).toThrow(/needs n² = 4/);
  });
});

describe('lanczos', () => {
  // A sparse symmetric operator: a random diagonal plus random couplings to the neighbours at
  // distances 1 and 7 (like a Hamiltonian on a basis with local moves).
  const n = 400;
  let s = 12345;
  const rand = (): number => ((s = (1103515245 * s + 12345) % 2147483648) / 2147483648) - 0.5;
  const diag = Float64Array.from({ length: n }, () => 4 * rand());
  const c1 = Float64Array.from({ length: n }, () => rand());
  const c7 = Float64Array.from({ length: n }, () => rand());
  const matvec = (x: Float64Array, y: Float64Array): void => {
    for (let i = 0; i < n; i++) y[i] = diag[i]! * x[i]!;
    for (let i = 0; i + 1 < n; i++) {
      y[i] = y[i]! + c1[i]! * x[i + 1]!;
      y[i + 1] = y[i + 1]! + c1[i]! * x[i]!;
    }
    for (let i = 0; i + 7 < n; i++) {
      y[i] = y[i]! + c7[i]! * x[i + 7]!;
      y[i + 7] = y[i + 7]! + c7[i]! * x[i]!;
    }
  };
  const dense = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    matvec(e, col);
    for (let i = 0; i < n; i++) dense[i * n + j] = col[i]!;
  }
  const exact = denseSymmetricEigen(dense, n).values;

  it('the 3 lowest and 3 highest levels equal the dense solver to 1e-9, with residuals below the tolerance', () => {
    const r = lanczos(matvec, n, { count: 3, which: 'both', vectors: true });
    expect(r.converged).toBe(true);
    const want = [exact[0]!, exact[1]!, exact[2]!, exact[n - 3]!, exact[n - 2]!, exact[n - 1]!];
    for (let k = 0; k < 6; k++) expect(Math.abs(r.values[k]! - want[k]!)).toBeLessThanOrEqual(1e-9);
    // The returned vectors are eigenvectors: ‖A v − θ v‖ small, ‖v‖ = 1.
    const y = new Float64Array(n);
    for (let k = 0; k < 6; k++) {
      const v = r.vectors!.subarray(k * n, k * n + n);
      matvec(v, y);
      let res = 0;
      let norm = 0;
      for (let i = 0; i < n; i++) {
        res = Math.max(res, Math.abs(y[i]! - r.values[k]! * v[i]!));
        norm += v[i]! ** 2;
      }
      expect(res).toBeLessThanOrEqual(1e-8);
      expect(Math.abs(norm - 1)).toBeLessThanOrEqual(1e-10);
    }
    expect(r.iterations).toBeLessThan(n);
  });

  it('is reproducible (fixed start vector) and reports non-convergence instead of a wrong answer', () => {
    const a = lanczos(matvec, n, { count: 2 });
    const b = lanczos(matvec, n, { count: 2 });
    expect([...a.values]).toEqual([...b.values]);
    const short = lanczos(matvec, n, { count: 2, maxIterations: 6 });
    expect(short.converged).toBe(false);
    expect(Math.max(...short.residuals)).toBeGreaterThan(1e-10);
  });
});
