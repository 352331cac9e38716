/**
 * Dense symmetric eigensolver by the cyclic Jacobi method: a slow (O(n³) per sweep) but simple
 * and very accurate reference, used to check the tridiagonal QL solver. Not for production sizes.
 *
 * Sources: Golub & Van Loan, "Matrix Computations", 4th ed., §8.5.2-8.5.3 (Algorithm 8.5.1
 * `symSchur2`, Algorithm 8.5.3 cyclic Jacobi); Numerical Recipes (3rd ed.) §11.1 for the stable
 * choice of the rotation (smaller root t of t² + 2τt − 1 = 0, Rutishauser 1966).
 */
import type { SymmetricEigenResult } from './tridiagonal-eigen.js';

export interface JacobiOptions {
  /** Sweeps allowed before throwing (default 100; about 6-10 are typical). */
  readonly maxSweeps?: number;
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of the dense symmetric n×n matrix `a`,
 * stored row-major (a[i·n + j] = A[i][j]); only symmetry up to round-off is assumed (the upper
 * triangle is what the rotations target). `a` is not modified. Eigenvectors use the same ROW PER
 * VECTOR layout as `symmetricTridiagonalEigen`: component i of the eigenvector of values[k] is
 * vectors[k·n + i].
 *
 * Off-diagonal entries with |a_pq| ≤ ε·‖A‖_F / n are not rotated; the method stops after a sweep
 * in which no rotation was needed, so the absolute eigenvalue error is O(ε‖A‖).
 */
export function symmetricJacobiEigen(a: ArrayLike<number>, n: number, options: JacobiOptions = {}): SymmetricEigenResult {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`symmetricJacobiEigen: n must be a positive integer, got ${n}`);
  if (a.length !== n * n) throw new RangeError(`symmetricJacobiEigen: matrix must have n² = ${n * n} entries, got ${a.length}`);
  const maxSweeps = options.maxSweeps ?? 100;
  const A = Float64Array.from(a);
  let norm2 = 0;
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(A[i]!)) throw new RangeError(`symmetricJacobiEigen: entry ${i} = ${A[i]} is not finite`);
    norm2 += A[i]! * A[i]!;
  }
  const threshold = (Number.EPSILON * Math.sqrt(norm2)) / n;
  const V = new Float64Array(n * n); // row per vector
  for (let i = 0; i < n; i++) V[i * n + i] = 1;

  let converged = false;
  for (let sweep = 0; sweep < maxSweeps && !converged; sweep++) {
    let rotations = 0;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (Math.abs(apq) <= threshold) continue;
        rotations++;
        // symSchur2: choose (c, s) so that Jᵀ A J zeroes the (p, q) entry; |θ| ≤ π/4.
        const tau = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
        const t = Math.abs(tau) > 1e150 ? 1 / (2 * tau) : Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        // A ← A J (columns p, q), then A ← Jᵀ A (rows p, q).
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!;
          const akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!;
          const aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        A[p * n + q] = 0;
        A[q * n + p] = 0;
        // V ← V J: columns p, q of V are rows p, q of the row-per-vector array.
        for (let k = 0; k < n; k++) {
          const vp = V[p * n + k]!;
          const vq = V[q * n + k]!;
          V[p * n + k] = c * vp - s * vq;
          V[q * n + k] = s * vp + c * vq;
        }
      }
    }
    if (rotations === 0) converged = true;
  }
  if (!converged) throw new Error(`symmetricJacobiEigen: no convergence after ${maxSweeps} sweeps (n = ${n})`);

  // Sort ascending, permuting the eigenvector rows along.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[i * n + i]! - A[j * n + j]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = A[src * n + src]!;
    vectors.set(V.subarray(src * n, (src + 1) * n), k * n);
  });
  return { n, values, vectors };
}

/** The dense row-major n×n form of the symmetric tridiagonal matrix (diag, offDiag). */
export function tridiagonalToDense(diag: ArrayLike<number>, offDiag: ArrayLike<number>): Float64Array {
  const n = diag.length;
  if (offDiag.length !== Math.max(0, n - 1)) throw new RangeError(`tridiagonalToDense: offDiag must have length ${n - 1}, got ${offDiag.length}`);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = diag[i]!;
  for (let i = 0; i < n - 1; i++) {
    a[i * n + i + 1] = offDiag[i]!;
    a[(i + 1) * n + i] = offDiag[i]!;
  }
  return a;
}
