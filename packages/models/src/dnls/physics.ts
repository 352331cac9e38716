/**
 * Discrete nonlinear Schrödinger chain, review eq. (11), periodic, in canonical real coordinates
 * ψ_x = (q_x + i p_x)/√2 (docs/physics.md §2):
 *
 *   H = U Σ |ψ_x|⁴ + g Σ |ψ_{x+1} − ψ_x|²
 *     = (U/4) Σ (q_x² + p_x²)² + (g/2) Σ [(q_{x+1} − q_x)² + (p_{x+1} − p_x)²]
 *
 * Conserved: H and the norm A = Σ |ψ_x|². Exact sub-flows: the on-site rotation
 * ψ_x → ψ_x e^{−2iU|ψ_x|² t} and the hopping on each group of disjoint bonds (lattice-nls.ts).
 */
import type { RandomStream, SubFlow } from '@glassy/contracts';
import { bondFlow, bondGroups, onSiteFlow } from '../math/lattice-nls.js';

export function dnlsHamiltonian(q: Float64Array, p: Float64Array, U: number, g: number): number {
  const L = q.length;
  let onsite = 0;
  let hop = 0;
  for (let x = 0; x < L; x++) {
    const n2 = q[x]! * q[x]! + p[x]! * p[x]!;
    onsite += n2 * n2;
    const y = x + 1 === L ? 0 : x + 1;
    const dq = q[y]! - q[x]!;
    const dp = p[y]! - p[x]!;
    hop += dq * dq + dp * dp;
  }
  return 0.25 * U * onsite + 0.5 * g * hop;
}

/** (∂H/∂q, ∂H/∂p): ∂H/∂q_x = U(q_x² + p_x²) q_x + g(2q_x − q_{x+1} − q_{x−1}), same with p. */
export function dnlsGradient(q: Float64Array, p: Float64Array, U: number, g: number, dHdq: Float64Array, dHdp: Float64Array): void {
  const L = q.length;
  for (let x = 0; x < L; x++) {
    const l = x === 0 ? L - 1 : x - 1;
    const r = x + 1 === L ? 0 : x + 1;
    const w = U * (q[x]! * q[x]! + p[x]! * p[x]!);
    dHdq[x] = w * q[x]! + g * (2 * q[x]! - q[r]! - q[l]!);
    dHdp[x] = w * p[x]! + g * (2 * p[x]! - p[r]! - p[l]!);
  }
}

/** On-site rotation first, then the bond groups (even, odd[, closing bond of an odd ring]). */
export function dnlsSubFlows(L: number, U: number, g: number): SubFlow[] {
  const groups = bondGroups(L, true);
  return [
    { id: 'on-site rotation ψ → ψ e^{−2iU|ψ|²t}', flow: (q, p, t) => onSiteFlow(q, p, null, U, t) },
    ...groups.map((bonds, k) => ({ id: `hopping on bond group ${k + 1} of ${groups.length}`, flow: (q: Float64Array, p: Float64Array, t: number) => bondFlow(q, p, bonds, g, g, t) })),
  ];
}

/** β = 0 at norm density α: q_x, p_x iid N(0, α), so E|ψ_x|² = α, E|ψ_x|⁴ = 2α², E|ψ_{x+1} − ψ_x|² = 2α. */
export function dnlsInfiniteTemperature(q: Float64Array, p: Float64Array, alpha: number, random: RandomStream): void {
  const sd = Math.sqrt(alpha);
  for (let x = 0; x < q.length; x++) {
    q[x] = sd * random.normal();
    p[x] = sd * random.normal();
  }
}
