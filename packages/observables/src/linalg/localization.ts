/**
 * Localization diagnostics for the disordered harmonic chain (docs/physics.md §4, review eq. (15) at
 * g = 0): participation ratios of normal modes, the transfer-matrix Lyapunov exponent γ(ν) = 1/ξ(ν),
 * its exact value for the ordered chain, the Thouless formula, and the decay rate of an eigenvector.
 *
 * References: Kramer & MacKinnon, "Localization: theory and experiment", Rep. Prog. Phys. 56
 * (1993) 1469 (participation ratio, transfer matrices, renormalised products §3.1); Thouless,
 * J. Phys. C 5 (1972) 77 (Thouless formula); Crisanti, Paladin & Vulpiani, "Products of Random
 * Matrices in Statistical Physics" (Springer 1993), ch. 2 (Lyapunov exponents by renormalised
 * products, Benettin et al. 1980).
 */
import { symmetricTridiagonalEigen, type SymmetricEigenResult } from '@glassy/linalg';

/**
 * Participation ratio PR = (Σ_x v_x²)² / Σ_x v_x⁴ of the vector v[offset .. offset+length).
 * It counts the number of sites the mode occupies: PR = 1 for a mode on one site, PR = N for a
 * mode spread evenly over N sites (|v_x| constant), so 1 ≤ PR ≤ N. Scale-invariant (no
 * normalisation needed; the vector is rescaled by its largest entry internally, so no overflow).
 * Throws RangeError for an all-zero or non-finite vector. Allocation-free.
 */
export function participationRatio(v: ArrayLike<number>, offset = 0, length = v.length - offset): number {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 1 || offset + length > v.length) {
    throw new RangeError(`participationRatio: bad range offset ${offset}, length ${length} for a vector of length ${v.length}`);
  }
  let max = 0;
  for (let i = offset; i < offset + length; i++) {
    const a = Math.abs(v[i]!);
    if (!(a <= Number.MAX_VALUE)) throw new RangeError(`participationRatio: entry ${i} = ${v[i]} is not finite`);
    if (a > max) max = a;
  }
  if (max === 0) throw new RangeError('participationRatio: zero vector');
  // Divide rather than multiply by 1/max: 1/max overflows for a subnormal max.
  let s2 = 0;
  let s4 = 0;
  for (let i = offset; i < offset + length; i++) {
    const a = v[i]! / max;
    const a2 = a * a;
    s2 += a2;
    s4 += a2 * a2;
  }
  return (s2 * s2) / s4;
}

/**
 * Participation ratio of every eigenvector of `eig` (needs eigenvectors); out[k] belongs to
 * eig.values[k]. Pass `out` (length n) to avoid allocating.
 */
export function participationRatios(eig: SymmetricEigenResult, out: Float64Array = new Float64Array(eig.n)): Float64Array {
  const { n, vectors } = eig;
  if (vectors === null) throw new Error('participationRatios: eigenvectors were not computed (pass {vectors: true})');
  if (out.length < n) throw new RangeError(`participationRatios: out has length ${out.length}, needs ${n}`);
  for (let k = 0; k < n; k++) out[k] = participationRatio(vectors, k * n, n);
  return out;
}

/**
 * Mean participation ratio over all n eigenvectors of the symmetric tridiagonal matrix
 * (diag, offDiag), e.g. the force matrix of `disorderedChainForceMatrix`. Cost: one QL solve with
 * eigenvectors (about 1 s at n = 1024).
 */
export function meanParticipationRatio(diag: ArrayLike<number>, offDiag: ArrayLike<number>): number {
  const eig = symmetricTridiagonalEigen(diag, offDiag, { vectors: true });
  const n = eig.n;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += participationRatio(eig.vectors!, k * n, n);
  return sum / n;
}

export interface LyapunovOptions {
  /**
   * Number of initial steps excluded from the average (transient of the arbitrary initial
   * vector; default 0). The estimate is then Σ_{x>discard} ln(growth_x) / (L − discard).
   */
  readonly discard?: number;
}

/**
 * Lyapunov exponent γ(ν) of the transfer matrix of the disordered harmonic chain
 * (docs/physics.md §4): the bulk equation of motion at frequency ν, ν² q_x = (K q)_x, reads
 *
 *     q_{x+1} = E_x q_x − q_{x−1},    E_x = (ω_x² + 4 g0 − ν²) / (2 g0),
 *
 * i.e. (q_{x+1}, q_x)ᵀ = T_x (q_x, q_{x−1})ᵀ with T_x = [[E_x, −1], [1, 0]] (det T_x = 1).
 * Every entry of `omega` (length L) is treated as a bulk site (the two boundary sites of the
 * free chain do not change the limit L → ∞). Starting from the generic direction
 * (q_0, q_1) = (0.6, 0.8) (neither the free-end condition q_0 = q_1 nor the fixed end q_0 = 0),
 * the pair is renormalised to unit length after every step and
 *
 *     γ_L = (1/L) Σ_x ln ‖T_x u_{x−1}‖   (u the running unit vector),
 *
 * which converges to γ(ν) = 1/ξ(ν) with an O(1/L) bias from the initial direction plus, for
 * disorder, O(L^{-1/2}) sample fluctuations. Inside the band of the ordered chain it is
 * O(1/L) → 0; see `orderedChainLyapunov` for the exact ordered value. Allocation-free.
 *
 * Caveat: evaluate γ(ν) on a chain independent of the one whose modes you study. At ν² equal to
 * an eigenvalue of the finite chain `omega` with a mode centred at x0, the product is resonant:
 * one solution is that mode (growing up to x0, decaying after it) and, the Wronskian being
 * constant, the other dips at x0, so the whole product only grows like e^{γ|L − 2x0|} and
 * γ_L ≈ γ·|1 − 2x0/L| instead of γ.
 */
export function lyapunovExponent(omega: ArrayLike<number>, g0: number, nu: number, options: LyapunovOptions = {}): number {
  const L = omega.length;
  const discard = options.discard ?? 0;
  if (!(g0 > 0) || !Number.isFinite(g0)) throw new RangeError(`lyapunovExponent: g0 must be positive and finite, got ${g0}`);
  if (!Number.isFinite(nu)) throw new RangeError(`lyapunovExponent: nu must be finite, got ${nu}`);
  if (!Number.isInteger(discard) || discard < 0 || discard >= L) {
    throw new RangeError(`lyapunovExponent: need 0 <= discard < L = ${L}, got discard = ${discard}`);
  }
  const inv2g0 = 1 / (2 * g0);
  const shift = 4 * g0 - nu * nu;
  let prev = 0.6; // q_{x-1}
  let cur = 0.8; // q_x
  let sumLog = 0;
  for (let x = 0; x < L; x++) {
    const w = omega[x]!;
    const next = (w * w + shift) * inv2g0 * cur - prev;
    // ‖(next, cur)‖; plain sqrt is safe because the pair had unit norm before the step.
    const norm = Math.sqrt(next * next + cur * cur);
    if (x >= discard) sumLog += Math.log(norm);
    prev = cur / norm;
    cur = next / norm;
  }
  return sumLog / (L - discard);
}

/**
 * Lyapunov exponent of the transfer matrix of any symmetric tridiagonal K (diagonal `diag`,
 * off-diagonal `off`, e.g. a model's harmonic limit) at eigenvalue λ = ν²:
 *
 *     off_x q_{x+1} + (diag_x − λ) q_x + off_{x−1} q_{x−1} = 0,
 *
 * iterated over the interior rows from (q_0, q_1) = (1, 0), renormalised every step, averaging
 * ln‖(q_{x+1}, q_x)‖ after the first `discard` rows. `lyapunovExponent` above is the same
 * recurrence for the disordered chain's K written in its ω_x (allocation-free, every row bulk).
 */
export function tridiagonalLyapunov(diag: ArrayLike<number>, off: ArrayLike<number>, lambda: number, discard = 1000): number {
  if (off.length !== diag.length - 1) throw new RangeError(`tridiagonalLyapunov: off has length ${off.length}, expected ${diag.length - 1}`);
  if (!(discard >= 0 && discard < diag.length - 2)) throw new RangeError(`tridiagonalLyapunov: need 0 <= discard < L − 2 = ${diag.length - 2}, got ${discard}`);
  let a = 1;
  let b = 0; // (q_x, q_{x−1})
  let sum = 0;
  let count = 0;
  for (let x = 1; x < diag.length - 1; x++) {
    const next = -((diag[x]! - lambda) * a + off[x - 1]! * b) / off[x]!;
    b = a;
    a = next;
    const n = Math.hypot(a, b);
    a /= n;
    b /= n;
    if (x > discard) {
      sum += Math.log(n);
      count++;
    }
  }
  return sum / count;
}

/**
 * Exact Lyapunov exponent of the ORDERED chain (all ω_x = omega) at frequency ν. With
 * E = (ω² + 4g0 − ν²)/(2g0) the transfer matrix [[E, −1], [1, 0]] has eigenvalues μ± with
 * μ+ μ− = 1 and μ+ + μ− = E, i.e. μ± = E/2 ± √(E²/4 − 1):
 *  - |E| ≤ 2 (inside the band ω² ≤ ν² ≤ ω² + 8g0): |μ±| = 1, γ = 0 (extended plane waves);
 *  - |E| > 2 (outside the band): γ = ln max|μ±| = ln(|E|/2 + √(E²/4 − 1)) = acosh(|E|/2).
 */
export function orderedChainLyapunov(omega: number, g0: number, nu: number): number {
  if (!(g0 > 0)) throw new RangeError(`orderedChainLyapunov: g0 must be positive, got ${g0}`);
  const E = (omega * omega + 4 * g0 - nu * nu) / (2 * g0);
  const h = Math.abs(E) / 2;
  return h <= 1 ? 0 : Math.acosh(h);
}

/**
 * Thouless formula for this chain: γ(ν) = ∫ ln|ν² − λ| dN(λ) − ln(2g0), with N the integrated
 * density of states of the force matrix K (hopping −2g0), estimated from the finite-chain
 * eigenvalues λ_k of K: (1/n) Σ_k ln|ν² − λ_k| − ln(2g0). For a finite chain this equals
 * (1/n) ln|det(ν² − K)| − ln(2g0), i.e. the growth of the transfer-matrix product started at the
 * free end. It estimates γ(ν) up to O(1/n) corrections and sample fluctuations, provided ν² is
 * not close to an eigenvalue on the scale of the level spacing (there ln|ν² − λ_k| → −∞).
 */
export function thoulessLyapunov(eigenvalues: ArrayLike<number>, g0: number, nu: number): number {
  const n = eigenvalues.length;
  if (n < 1) throw new RangeError('thoulessLyapunov: no eigenvalues');
  const nu2 = nu * nu;
  let s = 0;
  for (let k = 0; k < n; k++) s += Math.log(Math.abs(nu2 - eigenvalues[k]!));
  return s / n - Math.log(2 * g0);
}

export interface DecayRateOptions {
  /** Sites within this distance of the localisation centre are excluded from the fit (default 10). */
  readonly minDistance?: number;
  /**
   * Sites with |v_x| < floor · max|v| are excluded (default 1e-11): eigenvector entries computed
   * by QL carry an absolute error of order ε·n, so the far tail is round-off, not decay.
   */
  readonly floor?: number;
  /** Fit only sites closer than this to the centre (default: no limit). */
  readonly maxDistance?: number;
}

export interface DecayRate {
  /** Fitted decay rate γ in ln|v_x| ≈ c − γ |x − x0| (NaN if fewer than 3 sites qualify). */
  readonly rate: number;
  /** Localisation centre x0 = argmax |v_x| (0-based site index). */
  readonly center: number;
  /** Number of sites used in the fit. */
  readonly points: number;
}

/**
 * Exponential decay rate of a localised vector away from its centre: least-squares fit of
 * ln|v_x| against the distance d = |x − x0| from x0 = argmax |v_x| (both sides pooled), using
 * sites with minDistance ≤ d ≤ maxDistance and |v_x| ≥ floor·|v_x0|. For an eigenvector of the
 * disordered chain with eigenvalue λ the typical decay rate is the Lyapunov exponent γ(√λ)
 * (ln|v_x| is self-averaging, |v_x| itself is not). Allocation-free.
 */
export function eigenvectorDecayRate(v: ArrayLike<number>, options: DecayRateOptions = {}): DecayRate {
  const minDistance = options.minDistance ?? 10;
  const floor = options.floor ?? 1e-11;
  const maxDistance = options.maxDistance ?? Number.POSITIVE_INFINITY;
  const n = v.length;
  let center = 0;
  let max = 0;
  for (let x = 0; x < n; x++) {
    const a = Math.abs(v[x]!);
    if (a > max) {
      max = a;
      center = x;
    }
  }
  if (!(max > 0) || !Number.isFinite(max)) throw new RangeError('eigenvectorDecayRate: zero or non-finite vector');
  const cut = floor * max;
  let m = 0;
  let sd = 0;
  let sy = 0;
  let sdd = 0;
  let sdy = 0;
  for (let x = 0; x < n; x++) {
    const d = Math.abs(x - center);
    const a = Math.abs(v[x]!);
    if (d < minDistance || d > maxDistance || a < cut) continue;
    const y = Math.log(a / max);
    m++;
    sd += d;
    sy += y;
    sdd += d * d;
    sdy += d * y;
  }
  if (m < 3) return { rate: Number.NaN, center, points: m };
  const slope = (m * sdy - sd * sy) / (m * sdd - sd * sd);
  return { rate: -slope, center, points: m };
}
