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
  // Reflector k from column k of the (updated) matrix: writes the unit vector into `out` and
  // returns alpha (the new off-diagonal), or returns the off-diagonal with `identity` set when
  // the column below the diagonal is already zero (or already e1-aligned).
  let identity = false;
  const makeReflector = (k: number, out: Float64Array): number => {
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += A[i * n + k]! ** 2;
    const x0 = A[(k + 1) * n + k]!;
    const norm = Math.sqrt(norm2);
    identity = true;
    if (norm === 0) return 0;
    const alpha = x0 > 0 ? -norm : norm;
    // v = x − alpha e1, normalised; H = I − 2 v vᵀ maps x to alpha e1.
    let vn2 = 0;
    for (let i = k + 1; i < n; i++) {
      out[i] = A[i * n + k]! - (i === k + 1 ? alpha : 0);
      vn2 += out[i]! ** 2;
    }
    if (vn2 === 0) return x0;
    const vn = Math.sqrt(vn2);
    for (let i = k + 1; i < n; i++) out[i] = out[i]! / vn;
    identity = false;
    return alpha;
  };
  // p = A₂₂ v over the lower triangle (each entry read once).
  const matvec = (k: number, vec: Float64Array, out: Float64Array): void => {
    for (let i = k + 1; i < n; i++) out[i] = 0;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const vi = vec[i]!;
      let s = 0;
      for (let j = k + 1; j < i; j++) {
        const a = A[row + j]!;
        s += a * vec[j]!;
        out[j] = out[j]! + a * vi;
      }
      out[i] = out[i]! + s + A[row + i]! * vi;
    }
  };
  // Step k: A₂₂ ← A₂₂ − 2 v wᵀ − 2 w vᵀ with p = A₂₂ v, K = vᵀp, w = p − K v, on the lower
  // triangle only. The update of step k and the product A₂₂' v' of step k + 1 share one pass over
  // the matrix (column k + 1 is updated first, since v' is built from it): one read and one write
  // of each entry per step instead of three accesses; the arithmetic, and so the rounding, is that
  // of the two passes done one after the other.
  let v = new Float64Array(n);
  let p = new Float64Array(n);
  let vNext = new Float64Array(n);
  let pNext = new Float64Array(n);
  let ready = false; // v, p (and alpha) of step k already computed by the previous fused pass
  let alpha = 0;
  for (let k = 0; k < n - 2; k++) {
    if (!ready) {
      alpha = makeReflector(k, v);
      if (identity) {
        off[k] = alpha;
        continue;
      }
      matvec(k, v, p);
    }
    ready = false;
    let K = 0;
    for (let i = k + 1; i < n; i++) K += v[i]! * p[i]!;
    for (let i = k + 1; i < n; i++) p[i] = p[i]! - K * v[i]!;
    off[k] = alpha;
    if (reflectors) for (let i = k + 1; i < n; i++) reflectors[k * n + i] = v[i]!;
    // Column k + 1 (rows ≥ k + 1), then the next reflector from it.
    const c = k + 1;
    for (let i = c; i < n; i++) A[i * n + c] = A[i * n + c]! - (2 * v[i]! * p[c]! + 2 * p[i]! * v[c]!);
    const fuse = c < n - 2 && ((alpha = makeReflector(c, vNext)), !identity);
    if (!fuse && c < n - 2) alpha = 0;
    if (fuse) for (let i = c + 1; i < n; i++) pNext[i] = 0;
    for (let i = c + 1; i < n; i++) {
      const row = i * n;
      const vi = 2 * v[i]!;
      const wi = 2 * p[i]!;
      if (fuse) {
        const ui = vNext[i]!;
        let s = 0;
        for (let j = c + 1; j < i; j++) {
          const a = A[row + j]! - (vi * p[j]! + wi * v[j]!);
          A[row + j] = a;
          s += a * vNext[j]!;
          pNext[j] = pNext[j]! + a * ui;
        }
        const d = A[row + i]! - (vi * p[i]! + wi * v[i]!);
        A[row + i] = d;
        pNext[i] = pNext[i]! + s + d * ui;
      } else {
        for (let j = c + 1; j <= i; j++) A[row + j] = A[row + j]! - (vi * p[j]! + wi * v[j]!);
      }
    }
    if (fuse) {
      [v, vNext] = [vNext, v];
      [p, pNext] = [pNext, p];
      ready = true;
    }
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
