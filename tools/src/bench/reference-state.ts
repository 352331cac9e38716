/**
 * The initial state and checksum shared with the C reference programs
 * (tools/bench/reference/common.h): the same generator, draw order and arithmetic, so ours and
 * C start from bit-identical states and their checksums after a few steps can be compared.
 *
 * - mulberry32 (32-bit state, Math.imul and `>>> 0` here, uint32_t arithmetic in C), uniform in
 *   [0, 1) as a 32-bit integer / 2^32;
 * - drawn in the order q0, p0, q1, p1, …: q uniform in [−qScale, qScale] (qScale = π for
 *   angles, else 1), p uniform in [−1, 1];
 * - checksum Σ_x (1 + x/L)(q_x + p_x): ramp-weighted, because the plain Σq + Σp of the rotor
 *   chain does not depend on the force at all (Σθ advances by tΩ and Ω is conserved).
 */

/** The seed of every reference comparison (as a uint32; also passed to the C programs). */
export const REFERENCE_SEED = 20_261_127;

/** A mulberry32 stream: each call returns the next uniform double in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fill q and p in place, site by site (q_x then p_x), as ref_initial_state in common.h. */
export function fillReferenceState(q: Float64Array, p: Float64Array, angles: Uint8Array, seed: number = REFERENCE_SEED): void {
  const uniform = mulberry32(seed);
  for (let x = 0; x < q.length; x++) {
    const qScale = angles[x] === 1 ? Math.PI : 1;
    q[x] = qScale * (2 * uniform() - 1);
    p[x] = 2 * uniform() - 1;
  }
}

/** Σ_x (1 + x/L)(q_x + p_x), summed in site order as ref_checksum in common.h. */
export function referenceChecksum(q: Float64Array, p: Float64Array): number {
  const L = q.length;
  let s = 0;
  for (let x = 0; x < L; x++) s += (1 + x / L) * (q[x]! + p[x]!);
  return s;
}

/** Σ_x (1 + x/L)(|q_x| + |p_x|): the scale against which two checksums are compared. */
export function referenceChecksumScale(q: Float64Array, p: Float64Array): number {
  const L = q.length;
  let s = 0;
  for (let x = 0; x < L; x++) s += (1 + x / L) * (Math.abs(q[x]!) + Math.abs(p[x]!));
  return s;
}
