/**
 * Dense real symmetric eigensolver: Householder reduction to tridiagonal form, then the implicit
 * QL iteration of tridiagonal-eigen.ts; eigenvectors, when asked for, are the tridiagonal ones
 * transformed back by the reflectors.
 *
 * Sources: Golub & Van Loan, "Matrix Computations", 4th ed., §8.3.1 (Householder
 * tridiagonalisation, Algorithm 8.3.1), written with unit reflector vectors v: H = I − 2vvᵀ and
 * A₂₂ ← H A₂₂ H = A₂₂ − 2(v wᵀ + w vᵀ), w = A₂₂v − (vᵀA₂₂v) v. LAPACK's dsytrd + dsteqr follow
 * the same plan.
 *
 * Cost: 4n³/3 flops for the reduction, O(n²) for the eigenvalues, 2n³ more for the vectors
 * (the back-transformation) plus the QL rotations (≈ 6n³). Backward stable: the eigenvalues are
 * exact for a matrix within O(nε‖A‖) of A. The input is not modified.
 */
import { symmetricTridiagonalEigen, type SymmetricEigenResult } from './tridiagonal-eigen.js';

export interface DenseEigenOptions {
  /** Also compute the eigenvectors (default false). */
  readonly vectors?: boolean;
}

/**
 * All eigenvalues (ascending) and optionally eigenvectors of the real symmetric n×n matrix `a`
 * (row-major, a[i·n + j]; only the lower triangle is read). Eigenvector k is
 * vectors[k·n … k·n + n − 1], as in symmetricTridiagonalEigen. Throws RangeError on a bad size
 * or a non-finite entry.
 */
export function denseSymmetricEigen(a: ArrayLike<number>, n: number, options: DenseEigenOptions = {}): SymmetricEigenResult {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`denseSymmetricEigen: n must be a positive integer, got ${n}`);
  if (a.length < n * n) throw new RangeError(`denseSymmetricEigen: a has length ${a.length}, needs n² = ${n * n}`);
  // Work on the lower triangle, mirrored: A[i][j] for j ≤ i.
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = a[i * n + j]!;
      if (!Number.isFinite(x)) throw new RangeError(`denseSymmetricEigen: entry (${i}, ${j}) is ${x}`);
      A[i * n + j] = x;
      A[j * n + i] = x;
    }
  }
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(0, n - 1));
  // Reflector k (k = 0 … n − 3) acts on indices k+1 … n−1; its unit vector is stored in the
  // row-major slot reflectors[k·n + i] for i > k (0 where the reflector was the identity).
  const wantVectors = options.vectors === true;
  const reflectors = wantVectors ? new Float64Array(n * n) : null;
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += A[i * n + k]! ** 2;
    const x0 = A[(k + 1) * n + k]!;
    const norm = Math.sqrt(norm2);
    if (norm === 0) {
      off[k] = 0;
      continue;
    }
    const alpha = x0 > 0 ? -norm : norm;
    // v = x − alpha e1, normalised; H = I − 2 v vᵀ maps x to alpha e1.
    let vn2 = 0;
    for (let i = k + 1; i < n; i++) {
      v[i] = A[i * n + k]! - (i === k + 1 ? alpha : 0);
      vn2 += v[i]! ** 2;
    }
    if (vn2 === 0) {
      off[k] = x0;
      continue;
    }
    const vn = Math.sqrt(vn2);
    for (let i = k + 1; i < n; i++) v[i] = v[i]! / vn;
    // p = A₂₂ v, K = vᵀp, w = p − K v; A₂₂ ← A₂₂ − 2 v wᵀ − 2 w vᵀ. Only the lower triangle
    // (j ≤ i) is read and written: each entry once per pass, half the memory traffic of the square.
    for (let i = k + 1; i < n; i++) p[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = v[i]!;
      let s = 0;
      for (let j = k + 1; j < i; j++) {
        const a = A[row + j]!;
        s += a * v[j]!;
        p[j] = p[j]! + a * vi;
      }
      p[i] = p[i]! + s + A[row + i]! * vi;
    }
    let K = 0;
    for (let i = k + 1; i < n; i++) K += v[i]! * p[i]!;
    for (let i = k + 1; i < n; i++) p[i] = p[i]! - K * v[i]!;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = 2 * v[i]!;
      const wi = 2 * p[i]!;
      for (let j = k + 1; j <= i; j++) A[row + j] = A[row + j]! - (vi * p[j]! + wi * v[j]!);
    }
    off[k] = alpha;
    if (reflectors) for (let i = k + 1; i < n; i++) reflectors[k * n + i] = v[i]!;
  }
  for (let i = 0; i < n; i++) diag[i] = A[i * n + i]!;
  if (n >= 2) off[n - 2] = A[(n - 1) * n + (n - 2)]!;
  const tri = symmetricTridiagonalEigen(diag, off, { vectors: wantVectors });
  if (!wantVectors) return tri;
  // Back-transform: eigenvector of A = H₀ H₁ … H_{n−3} z.
  const vectors = tri.vectors!;
  for (let e = 0; e < n; e++) {
    const z = vectors.subarray(e * n, e * n + n);
    for (let k = n - 3; k >= 0; k--) {
      let dot = 0;
      for (let i = k + 1; i < n; i++) dot += reflectors![k * n + i]! * z[i]!;
      if (dot === 0) continue;
      for (let i = k + 1; i < n; i++) z[i] = z[i]! - 2 * dot * reflectors![k * n + i]!;
    }
  }
  return { n, values: tri.values, vectors };
}
