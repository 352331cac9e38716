/**
 * Extremal eigenvalues (and eigenvectors) of a large real symmetric operator given only by its
 * product y = A x: the Lanczos iteration with full reorthogonalisation.
 *
 * Sources: Golub & Van Loan, "Matrix Computations", 4th ed., §10.1 (the Lanczos iteration),
 * §10.3.1 (complete reorthogonalisation, which keeps the basis orthonormal to round-off and so
 * avoids the spurious copies of converged Ritz values of the plain iteration); the residual of a
 * Ritz pair (θ, V s) is |β_j s_j| (§10.1.5), the stopping test used here.
 *
 * Memory: the Krylov basis, m·n numbers (m ≤ maxIterations). Work: m products with A plus
 * O(m²n) for the reorthogonalisation. The start vector is drawn from a fixed seed, so the
 * result is reproducible.
 */
import { symmetricTridiagonalEigen } from './tridiagonal-eigen.js';

export interface LanczosOptions {
  /** How many eigenvalues at each requested end (default 1). */
  readonly count?: number;
  /** Which end of the spectrum (default 'smallest'). */
  readonly which?: 'smallest' | 'largest' | 'both';
  /** Krylov dimension allowed (default min(n, 300)). */
  readonly maxIterations?: number;
  /** Stop when every wanted Ritz pair has residual ‖Ax − θx‖ ≤ tolerance · max(1, |θ|) (default 1e-10). */
  readonly tolerance?: number;
  /** Seed of the start vector (default 1). */
  readonly seed?: number;
  /** Also return the Ritz vectors (default false). */
  readonly vectors?: boolean;
}

export interface LanczosResult {
  /** The wanted eigenvalues, ascending (smallest first, then largest where both). */
  readonly values: Float64Array;
  /** Their residual norms ‖Ax − θx‖. */
  readonly residuals: Float64Array;
  /** Row per value (as in SymmetricEigenResult), or null. */
  readonly vectors: Float64Array | null;
  /** Krylov dimension used. */
  readonly iterations: number;
  /** Whether every wanted pair met the tolerance (else the best available is returned). */
  readonly converged: boolean;
}

/** A small deterministic generator for the start vector (mulberry32). */
function startVector(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    x[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  }
  return x;
}

export function lanczos(matvec: (x: Float64Array, y: Float64Array) => void, n: number, options: LanczosOptions = {}): LanczosResult {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`lanczos: n must be a positive integer, got ${n}`);
  const count = options.count ?? 1;
  const which = options.which ?? 'smallest';
  const wanted = which === 'both' ? 2 * count : count;
  if (!(Number.isInteger(count) && count >= 1) || wanted > n) throw new RangeError(`lanczos: count ${count} (${which}) does not fit a dimension ${n}`);
  const maxIter = Math.min(n, options.maxIterations ?? 300);
  const tol = options.tolerance ?? 1e-10;
  const basis = new Float64Array(maxIter * n);
  const alpha = new Float64Array(maxIter);
  const beta = new Float64Array(maxIter);
  const w = new Float64Array(n);
  if (maxIter < wanted) throw new RangeError(`lanczos: maxIterations ${maxIter} is below the ${wanted} eigenvalues wanted`);
  let q = startVector(n, options.seed ?? 1);
  let norm = 0;
  for (let i = 0; i < n; i++) norm += q[i]! * q[i]!;
  norm = Math.sqrt(norm);
  for (let i = 0; i < n; i++) q[i] = q[i]! / norm;
  basis.set(q, 0);
  let m = 0;
  let result: { values: Float64Array; residuals: Float64Array; picks: number[]; tri: Float64Array | null } | undefined;
  for (let j = 0; j < maxIter; j++) {
    q = basis.subarray(j * n, j * n + n);
    matvec(q, w);
    let a = 0;
    for (let i = 0; i < n; i++) a += w[i]! * q[i]!;
    alpha[j] = a;
    // Full reorthogonalisation against every basis vector (twice: "twice is enough").
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k <= j; k++) {
        const v = basis.subarray(k * n, k * n + n);
        let d = 0;
        for (let i = 0; i < n; i++) d += w[i]! * v[i]!;
        for (let i = 0; i < n; i++) w[i] = w[i]! - d * v[i]!;
      }
    }
    let b = 0;
    for (let i = 0; i < n; i++) b += w[i]! * w[i]!;
    b = Math.sqrt(b);
    beta[j] = b;
    m = j + 1;
    const exhausted = m === maxIter || b <= 1e-14 * Math.max(1, Math.abs(a));
    if (m >= wanted && (m % 5 === 0 || exhausted)) {
      const tri = symmetricTridiagonalEigen(alpha.subarray(0, m), beta.subarray(0, m - 1), { vectors: true });
      const picks: number[] = [];
      if (which !== 'largest') for (let k = 0; k < count; k++) picks.push(k);
      if (which !== 'smallest') for (let k = m - count; k < m; k++) if (!picks.includes(k)) picks.push(k);
      const values = Float64Array.from(picks, (k) => tri.values[k]!);
      // Residual of Ritz pair k: |β_m · (last component of the tridiagonal eigenvector)|.
      const residuals = Float64Array.from(picks, (k) => Math.abs(b * tri.vectors![k * m + m - 1]!));
      result = { values, residuals, picks, tri: tri.vectors };
      const done = picks.every((_, i) => residuals[i]! <= tol * Math.max(1, Math.abs(values[i]!)));
      if (done || exhausted) break;
    }
    if (b === 0) break;
    const next = basis.subarray((j + 1) * n, (j + 2) * n);
    for (let i = 0; i < n; i++) next[i] = w[i]! / b;
  }
  const r = result!;
  const converged = r.residuals.every((x, i) => x <= tol * Math.max(1, Math.abs(r.values[i]!)));
  let vectors: Float64Array | null = null;
  if (options.vectors) {
    vectors = new Float64Array(r.picks.length * n);
    r.picks.forEach((k, row) => {
      for (let j = 0; j < m; j++) {
        const s = r.tri![k * m + j]!;
        if (s === 0) continue;
        for (let i = 0; i < n; i++) vectors![row * n + i] = vectors![row * n + i]! + s * basis[j * n + i]!;
      }
    });
  }
  return { values: r.values, residuals: r.residuals, vectors, iterations: m, converged };
}
