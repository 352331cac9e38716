/**
 * Pieces shared by every model with unit masses, T(p) = Σ p²/2: the kinetic energy, the velocity
 * ∂T/∂p = p, and the full gradient of H = T + V built from the force −∂V/∂q.
 */
import type { HamiltonianModel } from '@glassy/contracts';

export function kineticEnergy(p: Float64Array): number {
  let t = 0;
  for (let i = 0; i < p.length; i++) t += p[i]! * p[i]!;
  return 0.5 * t;
}

export function identityVelocity(p: Float64Array, out: Float64Array): void {
  out.set(p);
}

/** (∂H/∂q, ∂H/∂p) = (−force(q), p) for H = Σ p²/2 + V(q). */
export function unitMassGradient(force: (q: Float64Array, out: Float64Array) => void): HamiltonianModel['gradient'] {
  return (q, p, dHdq, dHdp) => {
    force(q, dHdq);
    for (let i = 0; i < q.length; i++) dHdq[i] = -dHdq[i]!;
    dHdp.set(p);
  };
}
