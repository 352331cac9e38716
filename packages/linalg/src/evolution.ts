/**
 * Time evolution ψ(t) = e^{−iHt} ψ(0) under a real symmetric H, for a complex state stored as
 * two Float64Arrays (re, im):
 * - `eigenEvolve`: by the eigendecomposition H = V E Vᵀ (exact to rounding; for small spaces);
 * - `krylovEvolve`: by the Lanczos (Krylov) method for large sparse H: per substep τ, an
 *   m-dimensional Krylov space of ψ gives H ≈ V T Vᵀ with T real tridiagonal, and
 *   ψ(τ) ≈ ‖ψ‖ V e^{−iTτ} e₁. The substep is halved until the a-posteriori error estimate
 *   β_m |(e^{−iTτ} e₁)_m| (the weight leaving the Krylov space; Saad 1992, Hochbruck & Lubich
 *   1997) is below tolerance · τ / t, so the estimated error at t is below `tolerance`.
 *
 * Both are cross-checked against each other in the tests and by the `quantum-evolution` check.
 */
import { symmetricTridiagonalEigen, type SymmetricEigenResult } from './tridiagonal-eigen.js';

/** ψ ← e^{−iHt} ψ with H = Σ_k E_k v_k v_kᵀ (vectors required). Allocates two work arrays. */
export function eigenEvolve(eigen: SymmetricEigenResult, re: Float64Array, im: Float64Array, t: number): void {
  const { n, values, vectors } = eigen;
  if (vectors === null) throw new RangeError('eigenEvolve: the eigendecomposition has no vectors (compute it with vectors: true)');
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = vectors.subarray(k * n, k * n + n);
    let cr = 0;
    let ci = 0;
    for (let i = 0; i < n; i++) {
      cr += v[i]! * re[i]!;
      ci += v[i]! * im[i]!;
    }
    const c = Math.cos(values[k]! * t);
    const s = -Math.sin(values[k]! * t);
    const ar = cr * c - ci * s;
    const ai = cr * s + ci * c;
    for (let i = 0; i < n; i++) {
      outRe[i] = outRe[i]! + ar * v[i]!;
      outIm[i] = outIm[i]! + ai * v[i]!;
    }
  }
  re.set(outRe);
  im.set(outIm);
}

export interface KrylovOptions {
  /** Krylov dimension m per substep (default 30). */
  readonly krylovDimension?: number;
  /** Estimated error allowed at the final time, in the 2-norm relative to ‖ψ‖ (default 1e-12). */
  readonly tolerance?: number;
}

export interface KrylovStats {
  readonly substeps: number;
  readonly products: number;
}

/**
 * ψ ← e^{−iHt} ψ by Krylov substeps. `matvec(x, y)` sets y = H x for a real vector x (H real
 * symmetric); the real and imaginary parts go through it separately. Full reorthogonalisation
 * within each Krylov space. Allocates its workspace once per call.
 */
export function krylovEvolve(matvec: (x: Float64Array, y: Float64Array) => void, re: Float64Array, im: Float64Array, t: number, options: KrylovOptions = {}): KrylovStats {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`krylovEvolve: re and im lengths differ (${n}, ${im.length})`);
  const m = Math.max(2, Math.min(options.krylovDimension ?? 30, n));
  const tol = options.tolerance ?? 1e-12;
  const Vr = new Float64Array(m * n);
  const Vi = new Float64Array(m * n);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  const alpha = new Float64Array(m);
  const beta = new Float64Array(m);
  let done = 0;
  let substeps = 0;
  let products = 0;
  const total = Math.abs(t);
  const sign = t < 0 ? -1 : 1;
  while (done < total) {
    let norm = 0;
    for (let i = 0; i < n; i++) norm += re[i]! * re[i]! + im[i]! * im[i]!;
    norm = Math.sqrt(norm);
    if (norm === 0) return { substeps, products };
    for (let i = 0; i < n; i++) {
      Vr[i] = re[i]! / norm;
      Vi[i] = im[i]! / norm;
    }
    let k = 0;
    let lastBeta = 0;
    for (let j = 0; j < m; j++) {
      const vr = Vr.subarray(j * n, j * n + n);
      const vi = Vi.subarray(j * n, j * n + n);
      matvec(vr, wr);
      matvec(vi, wi);
      products += 2;
      let a = 0;
      for (let i = 0; i < n; i++) a += vr[i]! * wr[i]! + vi[i]! * wi[i]!;
      alpha[j] = a;
      // w ← w − Σ_k ⟨v_k, w⟩ v_k (complex inner product), twice.
      for (let pass = 0; pass < 2; pass++) {
        for (let q = 0; q <= j; q++) {
          const ur = Vr.subarray(q * n, q * n + n);
          const ui = Vi.subarray(q * n, q * n + n);
          let dr = 0;
          let di = 0;
          for (let i = 0; i < n; i++) {
            dr += ur[i]! * wr[i]! + ui[i]! * wi[i]!;
            di += ur[i]! * wi[i]! - ui[i]! * wr[i]!;
          }
          for (let i = 0; i < n; i++) {
            wr[i] = wr[i]! - (dr * ur[i]! - di * ui[i]!);
            wi[i] = wi[i]! - (dr * ui[i]! + di * ur[i]!);
          }
        }
      }
      let b = 0;
      for (let i = 0; i < n; i++) b += wr[i]! * wr[i]! + wi[i]! * wi[i]!;
      b = Math.sqrt(b);
      k = j + 1;
      lastBeta = b;
      if (j + 1 < m) beta[j] = b;
      if (b <= 1e-14 * Math.max(1, Math.abs(a))) {
        lastBeta = 0; // invariant subspace: the Krylov solution is exact
        break;
      }
      if (j + 1 < m) {
        for (let i = 0; i < n; i++) {
          Vr[(j + 1) * n + i] = wr[i]! / b;
          Vi[(j + 1) * n + i] = wi[i]! / b;
        }
      }
    }
    const tri = symmetricTridiagonalEigen(alpha.subarray(0, k), beta.subarray(0, k - 1), { vectors: true });
    const S = tri.vectors!;
    // c(τ) = e^{−iTτ} e₁ = Σ_q S_{q,0} e^{−iθ_q τ} S_{q,·} (row q of S is eigenvector q).
    const coeff = (tau: number, j: number): [number, number] => {
      let cr = 0;
      let ci = 0;
      for (let q = 0; q < k; q++) {
        const w = S[q * k]! * S[q * k + j]!;
        const ph = -tri.values[q]! * tau * sign;
        cr += w * Math.cos(ph);
        ci += w * Math.sin(ph);
      }
      return [cr, ci];
    };
    let tau = total - done;
    for (;;) {
      const [er, ei] = coeff(tau, k - 1);
      const err = lastBeta * Math.hypot(er, ei);
      if (err <= (tol * tau) / total || tau < total * 1e-12) break;
      tau /= 2;
    }
    re.fill(0);
    im.fill(0);
    for (let j = 0; j < k; j++) {
      const [cr, ci] = coeff(tau, j);
      const sr = norm * cr;
      const si = norm * ci;
      const vr = Vr.subarray(j * n, j * n + n);
      const vi = Vi.subarray(j * n, j * n + n);
      for (let i = 0; i < n; i++) {
        re[i] = re[i]! + sr * vr[i]! - si * vi[i]!;
        im[i] = im[i]! + sr * vi[i]! + si * vr[i]!;
      }
    }
    done += tau;
    substeps++;
  }
  return { substeps, products };
}
