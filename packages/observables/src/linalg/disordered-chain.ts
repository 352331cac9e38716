/**
 * Force matrix of the disordered harmonic chain, review eq. (15) at g = 0 (docs/physics.md §4):
 *
 *     H = Σ_{x=1}^{L} [ p_x²/2 + ω_x² q_x²/2 + g0 (q_x − q_{x+1})² ],   free ends (q_{L+1} = q_L),
 *
 * so only the L − 1 bonds (x, x+1), x < L, contribute. The potential is V = qᵀ K q / 2 with
 *
 *     ∂V/∂q_x = ω_x² q_x + 2g0 (q_x − q_{x+1}) + 2g0 (q_x − q_{x−1})   (missing neighbours dropped),
 *     K = diag(ω_x²) + 2g0 · Δ_free,
 *
 * Δ_free the graph Laplacian of the path with free ends (degree on the diagonal, −1 between
 * neighbours). Hence K[x][x] = ω_x² + 2g0·(number of neighbours of x) — ω_x² + 4g0 in the bulk,
 * ω_x² + 2g0 at the two ends — and K[x][x+1] = −2g0. Normal-mode frequencies are √λ_k.
 */

export interface TridiagonalMatrix {
  /** Diagonal, length L. */
  readonly diag: Float64Array;
  /** Off-diagonal K[x][x+1], length L − 1. */
  readonly off: Float64Array;
}

/**
 * K = diag(ω_x²) + 2g0 · (free-end graph Laplacian) as (diag, off), for L = omega.length ≥ 1.
 * Pass `out` buffers (lengths L and L − 1) to avoid allocating.
 */
export function disorderedChainForceMatrix(
  omega: ArrayLike<number>,
  g0: number,
  out: { diag?: Float64Array; off?: Float64Array } = {},
): TridiagonalMatrix {
  const L = omega.length;
  if (L < 1) throw new RangeError('disorderedChainForceMatrix: need at least one site');
  if (!Number.isFinite(g0) || g0 < 0) throw new RangeError(`disorderedChainForceMatrix: g0 must be finite and >= 0, got ${g0}`);
  const diag = out.diag ?? new Float64Array(L);
  const off = out.off ?? new Float64Array(L - 1);
  if (diag.length !== L || off.length !== L - 1) {
    throw new RangeError(`disorderedChainForceMatrix: out.diag/out.off must have lengths ${L}/${L - 1}, got ${diag.length}/${off.length}`);
  }
  for (let x = 0; x < L; x++) {
    const w = omega[x]!;
    if (!Number.isFinite(w)) throw new RangeError(`disorderedChainForceMatrix: omega[${x}] = ${w} is not finite`);
    const neighbours = (x > 0 ? 1 : 0) + (x < L - 1 ? 1 : 0);
    diag[x] = w * w + 2 * g0 * neighbours;
  }
  off.fill(-2 * g0);
  return { diag, off };
}

/**
 * Quenched on-site frequencies, iid uniform on [ω̄ − √3W, ω̄ + √3W] (mean ω̄, standard deviation
 * W), drawn in site order from `random.uniform()` (e.g. `streamFor(seed, ...)` of
 * @glassy/contracts). The review requires ω_x > 0 strictly, so W < ω̄/√3 is enforced.
 */
export function uniformDisorderFrequencies(
  L: number,
  omegaBar: number,
  W: number,
  random: { uniform(): number },
  out: Float64Array = new Float64Array(L),
): Float64Array {
  if (!Number.isInteger(L) || L < 1) throw new RangeError(`uniformDisorderFrequencies: L must be a positive integer, got ${L}`);
  if (!(W >= 0) || !(omegaBar - Math.sqrt(3) * W > 0)) {
    throw new RangeError(`uniformDisorderFrequencies: need 0 <= W < omegaBar/sqrt(3) so that all ω_x > 0, got omegaBar = ${omegaBar}, W = ${W}`);
  }
  if (out.length !== L) throw new RangeError(`uniformDisorderFrequencies: out has length ${out.length}, needs ${L}`);
  const halfWidth = Math.sqrt(3) * W;
  for (let x = 0; x < L; x++) out[x] = omegaBar + halfWidth * (2 * random.uniform() - 1);
  return out;
}
