/**
 * Symmetric tridiagonal QL eigensolver, checked against the dense cyclic Jacobi reference on
 * random matrices (fast-check, fixed seeds) and against exactly known spectra.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  eigenvectorView,
  symmetricJacobiEigen,
  symmetricTridiagonalEigen,
  tridiagonalToDense,
  type SymmetricEigenResult,
} from '../src/index.js';

/** ‖A‖_∞ (max absolute row sum), an upper bound of the spectral norm. */
function normInf(d: ArrayLike<number>, e: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) {
    m = Math.max(m, Math.abs(d[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < d.length - 1 ? Math.abs(e[i]!) : 0));
  }
  return m;
}

/** max_k ‖A v_k − λ_k v_k‖_∞ for the tridiagonal A. */
function maxResidual(d: ArrayLike<number>, e: ArrayLike<number>, eig: SymmetricEigenResult): number {
  const n = eig.n;
  let worst = 0;
  for (let k = 0; k < n; k++) {
    const v = eigenvectorView(eig, k);
    const lam = eig.values[k]!;
    for (let i = 0; i < n; i++) {
      let av = d[i]! * v[i]!;
      if (i > 0) av += e[i - 1]! * v[i - 1]!;
      if (i < n - 1) av += e[i]! * v[i + 1]!;
      worst = Math.max(worst, Math.abs(av - lam * v[i]!));
    }
  }
  return worst;
}

/** max |VᵀV − I| over all pairs (rows of the row-per-vector array). */
function orthonormalityDefect(eig: SymmetricEigenResult, rows = eig.n): number {
  const { n, vectors } = eig;
  let worst = 0;
  for (let a = 0; a < rows; a++) {
    for (let b = a; b < rows; b++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += vectors![a * n + i]! * vectors![b * n + i]!;
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

function isAscending(v: Float64Array): boolean {
  for (let i = 1; i < v.length; i++) if (!(v[i]! >= v[i - 1]!)) return false;
  return true;
}

/** A random symmetric tridiagonal matrix of size 2..60, entries in [-1, 1] times a scale. */
const tridiagonal = fc
  .record({ n: fc.integer({ min: 2, max: 60 }), logScale: fc.integer({ min: -3, max: 3 }) })
  .chain(({ n, logScale }) =>
    fc.record({
      d: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      e: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n - 1, maxLength: n - 1 }),
      scale: fc.constant(10 ** logScale),
    }),
  )
  .map(({ d, e, scale }) => ({ d: Float64Array.from(d, (x) => x * scale), e: Float64Array.from(e, (x) => x * scale) }));

/** Small-integer entries: exact zeros on the off-diagonal (splitting) and repeated eigenvalues. */
const integerTridiagonal = fc.integer({ min: 2, max: 40 }).chain((n) =>
  fc.record({
    d: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: n, maxLength: n }).map((a) => Float64Array.from(a)),
    e: fc.array(fc.integer({ min: -1, max: 1 }), { minLength: n - 1, maxLength: n - 1 }).map((a) => Float64Array.from(a)),
  }),
);

function checkAgainstJacobi(d: Float64Array, e: Float64Array): void {
  const n = d.length;
  const norm = Math.max(normInf(d, e), Number.MIN_VALUE);
  const ql = symmetricTridiagonalEigen(d, e, { vectors: true });
  const qlValuesOnly = symmetricTridiagonalEigen(d, e);
  const jac = symmetricJacobiEigen(tridiagonalToDense(d, e), n);
  expect(isAscending(ql.values)).toBe(true);
  expect(isAscending(jac.values)).toBe(true);
  for (let k = 0; k < n; k++) {
    expect(Math.abs(ql.values[k]! - jac.values[k]!)).toBeLessThanOrEqual(1e-12 * norm);
    expect(Math.abs(qlValuesOnly.values[k]! - ql.values[k]!)).toBeLessThanOrEqual(1e-12 * norm);
  }
  expect(maxResidual(d, e, ql)).toBeLessThanOrEqual(1e-12 * norm);
  expect(maxResidual(d, e, jac)).toBeLessThanOrEqual(1e-12 * norm);
  expect(orthonormalityDefect(ql)).toBeLessThanOrEqual(1e-12);
  expect(orthonormalityDefect(jac)).toBeLessThanOrEqual(1e-12);
  // Trace is preserved.
  let trace = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    trace += d[i]!;
    sum += ql.values[i]!;
  }
  expect(Math.abs(trace - sum)).toBeLessThanOrEqual(1e-12 * n * norm);
  // Well-separated eigenvalues: the two solvers' eigenvectors agree up to sign.
  for (let k = 0; k < n; k++) {
    const gapBelow = k > 0 ? ql.values[k]! - ql.values[k - 1]! : Number.POSITIVE_INFINITY;
    const gapAbove = k < n - 1 ? ql.values[k + 1]! - ql.values[k]! : Number.POSITIVE_INFINITY;
    if (Math.min(gapBelow, gapAbove) < 1e-3 * norm) continue;
    const a = eigenvectorView(ql, k);
    const b = eigenvectorView(jac, k);
    let dot = 0;
    for (let i = 0; i < n; i++) dot += a[i]! * b[i]!;
    expect(1 - Math.abs(dot)).toBeLessThanOrEqual(1e-9);
  }
}

describe('symmetricTridiagonalEigen vs dense Jacobi (random matrices)', () => {
  test.prop([tridiagonal], { seed: 20261, numRuns: 200 })('eigenvalues, eigenvectors and residuals agree, N = 2..60', ({ d, e }) => {
    checkAgainstJacobi(d, e);
  });
  test.prop([integerTridiagonal], { seed: 20262, numRuns: 200 })('entries in {-1, 0, 1}: splitting and degenerate spectra', ({ d, e }) => {
    checkAgainstJacobi(d, e);
  });
});

describe('symmetricTridiagonalEigen: exact cases', () => {
  it('1x1', () => {
    const r = symmetricTridiagonalEigen([3.5], [], { vectors: true });
    expect(Array.from(r.values)).toEqual([3.5]);
    expect(Array.from(r.vectors!)).toEqual([1]);
  });

  it('2x2 closed form [[a, b], [b, c]]', () => {
    for (const [a, b, c] of [
      [1, 2, 3],
      [0, 1, 0],
      [2, 0, -1],
      [1e-8, 1, -1e-8],
      [5, 1e-9, 5],
    ] as const) {
      const r = symmetricTridiagonalEigen([a, c], [b], { vectors: true });
      const mid = (a + c) / 2;
      const rad = Math.hypot((a - c) / 2, b);
      expect(r.values[0]).toBeCloseTo(mid - rad, 14);
      expect(r.values[1]).toBeCloseTo(mid + rad, 14);
      for (let k = 0; k < 2; k++) {
        const [x, y] = [r.vectors![2 * k]!, r.vectors![2 * k + 1]!];
        expect(Math.abs(a * x + b * y - r.values[k]! * x)).toBeLessThan(1e-14);
        expect(Math.abs(b * x + c * y - r.values[k]! * y)).toBeLessThan(1e-14);
        expect(Math.hypot(x, y)).toBeCloseTo(1, 14);
      }
    }
  });

  it('free-end graph Laplacian: λ_k = 2 − 2cos(πk/N), v_k(x) ∝ cos(πk(x + 1/2)/N)', () => {
    for (const N of [2, 3, 10, 101, 1000]) {
      const d = new Float64Array(N).fill(2);
      d[0] = 1;
      d[N - 1] = 1;
      const e = new Float64Array(N - 1).fill(-1);
      const r = symmetricTridiagonalEigen(d, e, { vectors: N <= 101 });
      for (let k = 0; k < N; k++) expect(Math.abs(r.values[k]! - (2 - 2 * Math.cos((Math.PI * k) / N)))).toBeLessThan(1e-13);
      if (r.vectors === null) continue;
      for (let k = 0; k < N; k++) {
        const v = eigenvectorView(r, k);
        const exact = Array.from({ length: N }, (_, x) => Math.cos((Math.PI * k * (x + 0.5)) / N));
        const norm = Math.hypot(...exact);
        const sign = Math.sign(v[0]!);
        for (let x = 0; x < N; x++) expect(Math.abs(sign * v[x]! - exact[x]! / norm)).toBeLessThan(1e-12);
      }
    }
  });

  it('uniform (Toeplitz) tridiagonal: λ_k = a + 2b cos(πk/(N+1)); zero off-diagonal: a N-fold degenerate', () => {
    const N = 50;
    const a = 0.7;
    const b = -1.3;
    const r = symmetricTridiagonalEigen(new Float64Array(N).fill(a), new Float64Array(N - 1).fill(b), { vectors: true });
    const exact = Array.from({ length: N }, (_, k) => a + 2 * b * Math.cos((Math.PI * (k + 1)) / (N + 1))).sort((x, y) => x - y);
    for (let k = 0; k < N; k++) expect(Math.abs(r.values[k]! - exact[k]!)).toBeLessThan(1e-13);
    expect(orthonormalityDefect(r)).toBeLessThan(1e-13);

    const deg = symmetricTridiagonalEigen(new Float64Array(N).fill(a), new Float64Array(N - 1), { vectors: true });
    expect(Array.from(deg.values)).toEqual(new Array(N).fill(a));
    expect(orthonormalityDefect(deg)).toBe(0);
  });

  it('diagonal input comes back sorted with the permutation as eigenvectors', () => {
    const d = [3, -1, 2, -1, 0];
    const r = symmetricTridiagonalEigen(d, [0, 0, 0, 0], { vectors: true });
    expect(Array.from(r.values)).toEqual([-1, -1, 0, 2, 3]);
    for (let k = 0; k < 5; k++) {
      const v = eigenvectorView(r, k);
      const site = v.findIndex((x) => x !== 0);
      expect(Math.abs(v[site]!)).toBe(1);
      expect(d[site]).toBe(r.values[k]);
    }
  });

  it("Wilkinson's W21+ (pairs of eigenvalues equal to ~1e-14): matches Jacobi, orthonormal vectors", () => {
    const n = 21;
    const d = Float64Array.from({ length: n }, (_, i) => Math.abs(10 - i));
    const e = new Float64Array(n - 1).fill(1);
    checkAgainstJacobi(d, e);
    const r = symmetricTridiagonalEigen(d, e);
    expect(r.values[n - 1]).toBeCloseTo(10.746194182903393, 12); // largest eigenvalue of W21+
    expect(r.values[n - 1]! - r.values[n - 2]!).toBeLessThan(1e-13);
  });

  it('graded matrix (entries from 1 to 1e-12): small residual and orthonormality', () => {
    const n = 30;
    const d = Float64Array.from({ length: n }, (_, i) => 10 ** (-12 * (i / (n - 1))));
    const e = Float64Array.from({ length: n - 1 }, (_, i) => 0.5 * 10 ** (-12 * ((i + 0.5) / (n - 1))));
    checkAgainstJacobi(d, e);
  });

  it('reuses caller buffers and does not touch its inputs', () => {
    const d = Float64Array.from([4, 1, 3, 2]);
    const e = Float64Array.from([1, -1, 0.5]);
    const values = new Float64Array(4);
    const vectors = new Float64Array(16);
    const work = new Float64Array(12);
    const r = symmetricTridiagonalEigen(d, e, { vectors: true, out: { values, vectors, work } });
    expect(r.values).toBe(values);
    expect(r.vectors).toBe(vectors);
    expect(Array.from(d)).toEqual([4, 1, 3, 2]);
    expect(Array.from(e)).toEqual([1, -1, 0.5]);
    const fresh = symmetricTridiagonalEigen(d, e, { vectors: true });
    expect(Array.from(values)).toEqual(Array.from(fresh.values));
    expect(Array.from(vectors)).toEqual(Array.from(fresh.vectors!));
  });

  it('rejects bad input and reports non-convergence with a clear Error', () => {
    expect(() => symmetricTridiagonalEigen([], [])).toThrow(RangeError);
    expect(() => symmetricTridiagonalEigen([1, 2], [1, 2])).toThrow(/length n - 1 = 1/);
    expect(() => symmetricTridiagonalEigen([1, Number.NaN], [1])).toThrow(/diag\[1\] = NaN is not finite/);
    expect(() => symmetricTridiagonalEigen([1, 2], [Number.POSITIVE_INFINITY])).toThrow(RangeError);
    expect(() => symmetricTridiagonalEigen([1, 2, 3], [1, 1], { maxIterations: 0 })).toThrow(/did not converge for eigenvalue 0 of 3 after 0 iterations/);
    expect(() => symmetricTridiagonalEigen([1, 2, 3], [1, 1], { out: { work: new Float64Array(2) } })).toThrow(/out.work has length 2, needs 3/);
    expect(() => eigenvectorView(symmetricTridiagonalEigen([1], []), 0)).toThrow(/not computed/);
  });
});

describe('symmetricJacobiEigen', () => {
  it('diagonalises a dense (non-tridiagonal) symmetric matrix', () => {
    const n = 6;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = Math.sin(1 + i * 7 + j * 3);
    const r = symmetricJacobiEigen(a, n);
    for (let k = 0; k < n; k++) {
      const v = eigenvectorView(r, k);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j]! * v[j]!;
        expect(Math.abs(av - r.values[k]! * v[i]!)).toBeLessThan(1e-13);
      }
    }
    expect(orthonormalityDefect(r)).toBeLessThan(1e-14);
  });
  it('rejects bad input', () => {
    expect(() => symmetricJacobiEigen([1, 2, 3], 2)).toThrow(RangeError);
    expect(() => symmetricJacobiEigen([1, 0, 0, Number.NaN], 2)).toThrow(/not finite/);
  });
});

// Large sizes, for correctness at scale. Speed belongs to benchmarks, not unit tests (measured
// when written: N = 2000 eigenvalues 0.1–0.2 s, N = 1024 with vectors 1.6–2.3 s).
describe('symmetricTridiagonalEigen at scale (disorder-like random matrix)', () => {
  function randomTridiagonal(n: number, seed: number): { d: Float64Array; e: Float64Array } {
    let s = seed >>> 0;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296;
    };
    // Same structure as the disordered chain's force matrix: ω² + 4 with ω ∈ [0.48, 1.52], off −2.
    const d = Float64Array.from({ length: n }, () => (0.48 + 1.04 * next()) ** 2 + 4);
    const e = new Float64Array(n - 1).fill(-2);
    return { d, e };
  }

  it('N = 2000 eigenvalues: ascending, and their sum is the trace', () => {
    const { d, e } = randomTridiagonal(2000, 7);
    const r = symmetricTridiagonalEigen(d, e);
    expect(isAscending(r.values)).toBe(true);
    const trace = d.reduce((a, x) => a + x, 0);
    expect(Math.abs(r.values.reduce((a, x) => a + x, 0) - trace)).toBeLessThan(1e-9 * trace);
  });

  it('N = 1024 with eigenvectors: orthonormal, small residuals', () => {
    const { d, e } = randomTridiagonal(1024, 8);
    const r = symmetricTridiagonalEigen(d, e, { vectors: true });
    // Spot checks on a few rows keep the test cheap: residual and orthonormality of 16 vectors.
    const sub: SymmetricEigenResult = { n: r.n, values: r.values, vectors: r.vectors };
    expect(orthonormalityDefect(sub, 16)).toBeLessThan(1e-12);
    let worst = 0;
    for (let k = 0; k < 1024; k += 64) {
      const v = eigenvectorView(r, k);
      for (let i = 0; i < 1024; i++) {
        let av = d[i]! * v[i]!;
        if (i > 0) av += e[i - 1]! * v[i - 1]!;
        if (i < 1023) av += e[i]! * v[i + 1]!;
        worst = Math.max(worst, Math.abs(av - r.values[k]! * v[i]!));
      }
    }
    expect(worst).toBeLessThan(1e-12 * 10);
  });
});
