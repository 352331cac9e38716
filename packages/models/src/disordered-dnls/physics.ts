/**
 * Disordered DNLS (refs [8], [35]; docs/physics.md §2), open chain, in canonical real coordinates
 * ψ_l = (q_l + i p_l)/√2:
 *
 *   H = Σ_l [ε_l |ψ_l|² + (β/2) |ψ_l|⁴] − s Σ_{l<L} (ψ_{l+1} ψ̄_l + c.c.)
 *     = Σ_l [ε_l (q_l² + p_l²)/2 + (β/8)(q_l² + p_l²)²] − s Σ_{l<L} (q_l q_{l+1} + p_l p_{l+1}),  s = ±1
 *
 * ε_l iid uniform on [−W/2, W/2] from the stream (disorderSeed, DISORDER_STREAM). Conserved: H
 * and the norm. Exact sub-flows: on-site ψ_l → ψ_l e^{−i(ε_l + β|ψ_l|²)t}; hopping on disjoint bonds.
 */
import type { SubFlow } from '@glassy/contracts';
import { bondFlow, bondGroups, onSiteFlow } from '../math/lattice-nls.js';

export function ddnlsHamiltonian(q: Float64Array, p: Float64Array, eps: Float64Array, beta: number, s: number): number {
  const L = q.length;
  let h = 0;
  for (let l = 0; l < L; l++) {
    const n2 = q[l]! * q[l]! + p[l]! * p[l]!;
    h += 0.5 * eps[l]! * n2 + 0.125 * beta * n2 * n2;
  }
  let hop = 0;
  for (let l = 0; l < L - 1; l++) hop += q[l]! * q[l + 1]! + p[l]! * p[l + 1]!;
  h -= s * hop;
  return h;
}

/** ∂H/∂q_l = (ε_l + (β/2)(q_l² + p_l²)) q_l − s(q_{l+1} + q_{l−1}) (missing neighbours at the ends); same with p. */
export function ddnlsGradient(q: Float64Array, p: Float64Array, eps: Float64Array, beta: number, s: number, dHdq: Float64Array, dHdp: Float64Array): void {
  const L = q.length;
  for (let l = 0; l < L; l++) {
    const w = eps[l]! + 0.5 * beta * (q[l]! * q[l]! + p[l]! * p[l]!);
    let gq = w * q[l]!;
    let gp = w * p[l]!;
    if (l > 0) {
      gq -= s * q[l - 1]!;
      gp -= s * p[l - 1]!;
    }
    if (l < L - 1) {
      gq -= s * q[l + 1]!;
      gp -= s * p[l + 1]!;
    }
    dHdq[l] = gq;
    dHdp[l] = gp;
  }
}

export function ddnlsSubFlows(L: number, eps: Float64Array, beta: number, s: number): SubFlow[] {
  const groups = bondGroups(L, false);
  return [
    // H_l = ε_l|ψ|² + (β/2)|ψ|⁴: a_l = ε_l, b = β/2 in onSiteFlow
    { id: 'on-site rotation ψ → ψ e^{−i(ε + β|ψ|²)t}', flow: (q, p, t) => onSiteFlow(q, p, eps, 0.5 * beta, t) },
    ...groups.map((bonds, k) => ({ id: `hopping on bond group ${k + 1} of ${groups.length}`, flow: (q: Float64Array, p: Float64Array, t: number) => bondFlow(q, p, bonds, 0, s, t) })),
  ];
}

/** Norm-weighted moments of a wave packet: centre, second moment m2 = Σ (l − l̄)² n_l and participation number P = 1/Σ n_l² (n_l = |ψ_l|²/A). */
export function packetMoments(q: Float64Array, p: Float64Array): { norm: number; centre: number; m2: number; participation: number } {
  const L = q.length;
  let A = 0;
  let c = 0;
  for (let l = 0; l < L; l++) {
    const n = 0.5 * (q[l]! * q[l]! + p[l]! * p[l]!);
    A += n;
    c += l * n;
  }
  c /= A;
  let m2 = 0;
  let s2 = 0;
  for (let l = 0; l < L; l++) {
    const n = (0.5 * (q[l]! * q[l]! + p[l]! * p[l]!)) / A;
    m2 += (l - c) * (l - c) * n;
    s2 += n * n;
  }
  return { norm: A, centre: c, m2, participation: 1 / s2 };
}
