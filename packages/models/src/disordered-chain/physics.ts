/**
 * Disordered harmonic chain with quartic anharmonicity, review eq. (15), free ends
 * (q_{L+1} = q_L, so there are L − 1 bonds):
 *
 *   H = Σ_x [p_x²/2 + ω_x² q_x²/2 + g q_x⁴/4] + g0 Σ_{x<L} (q_x − q_{x+1})²
 *
 * ω_x iid uniform on [ω̄ − √3W, ω̄ + √3W] (mean ω̄, standard deviation W; ω̄ > √3W keeps every
 * ω_x > 0), drawn from the stream (disorderSeed, DISORDER_STREAM). At g = 0 the chain is
 * harmonic with force matrix K = diag(ω_x²) + 2g0·(graph Laplacian with free ends): diagonal
 * ω_x² + 2g0·(number of neighbours), off-diagonal −2g0 (docs/physics.md §4).
 */

/** −∂V/∂q. */
export function disorderedForce(q: Float64Array, out: Float64Array, omega2: Float64Array, g0: number, g: number): void {
  const L = q.length;
  const k = 2 * g0;
  for (let x = 0; x < L; x++) {
    const qx = q[x]!;
    let f = -omega2[x]! * qx - g * qx * qx * qx;
    if (x > 0) f -= k * (qx - q[x - 1]!);
    if (x < L - 1) f -= k * (qx - q[x + 1]!);
    out[x] = f;
  }
}

/** out = (∂F/∂q)·dq = −(ω_x² + 3g q_x²) dq_x − 2g0 Σ_neighbours (dq_x − dq_y). */
export function disorderedForceJacobian(q: Float64Array, dq: Float64Array, out: Float64Array, omega2: Float64Array, g0: number, g: number): void {
  const L = q.length;
  const k = 2 * g0;
  for (let x = 0; x < L; x++) {
    const qx = q[x]!;
    const d = dq[x]!;
    let f = -(omega2[x]! + 3 * g * qx * qx) * d;
    if (x > 0) f -= k * (d - dq[x - 1]!);
    if (x < L - 1) f -= k * (d - dq[x + 1]!);
    out[x] = f;
  }
}

export function disorderedPotential(q: Float64Array, omega2: Float64Array, g0: number, g: number): number {
  const L = q.length;
  let v = 0;
  for (let x = 0; x < L; x++) {
    const qx = q[x]!;
    v += 0.5 * omega2[x]! * qx * qx + 0.25 * g * qx * qx * qx * qx;
  }
  for (let x = 0; x < L - 1; x++) {
    const r = q[x]! - q[x + 1]!;
    v += g0 * r * r;
  }
  return v;
}

/** The force matrix at g = 0 as (diagonal, off-diagonal). */
export function forceMatrix(omega2: Float64Array, g0: number): { diag: Float64Array; off: Float64Array } {
  const L = omega2.length;
  const diag = new Float64Array(L);
  for (let x = 0; x < L; x++) diag[x] = omega2[x]! + 2 * g0 * ((x > 0 ? 1 : 0) + (x < L - 1 ? 1 : 0));
  return { diag, off: new Float64Array(L - 1).fill(-2 * g0) };
}

/**
 * Local energies e_x = p_x²/2 + ω_x² q_x²/2 + g q_x⁴/4 + (g0/2)[(q_x − q_{x−1})² + (q_x − q_{x+1})²]
 * (each bond shared equally between its two sites), so Σ e_x = H; and bond currents
 * j_x (from x to x+1) = g0 (q_x − q_{x+1})(p_x + p_{x+1}), so that ė_x = j_{x−1} − j_x.
 */
export function disorderedLocalEnergy(q: Float64Array, p: Float64Array, omega2: Float64Array, g0: number, g: number, out: Float64Array): void {
  const L = q.length;
  for (let x = 0; x < L; x++) {
    const qx = q[x]!;
    let e = 0.5 * p[x]! * p[x]! + 0.5 * omega2[x]! * qx * qx + 0.25 * g * qx * qx * qx * qx;
    if (x > 0) e += 0.5 * g0 * (qx - q[x - 1]!) ** 2;
    if (x < L - 1) e += 0.5 * g0 * (qx - q[x + 1]!) ** 2;
    out[x] = e;
  }
}

export function disorderedBondCurrent(q: Float64Array, p: Float64Array, g0: number, out: Float64Array): void {
  const L = q.length;
  for (let x = 0; x < L - 1; x++) out[x] = g0 * (q[x]! - q[x + 1]!) * (p[x]! + p[x + 1]!);
  out[L - 1] = 0; // free end: no bond beyond the last site
}
