/**
 * Symplectic Euler (kick then drift): p ← p + h F(q);  q ← q + h ∂T/∂p(p).
 * Order 1, symplectic, not time-reversible (its adjoint is drift-then-kick).
 */
import type { HamiltonianModel, IntegratorPlugin, Stepper } from '@glassy/contracts';
import { axpy, requireSeparable } from './separable.js';

export function createSymplecticEuler(model: HamiltonianModel, id: string): Stepper {
  const sep = requireSeparable(model, id);
  const force = new Float64Array(model.dof);
  const vel = new Float64Array(model.dof);
  return {
    step(q, p, dt, nSteps) {
      for (let n = 0; n < nSteps; n++) {
        sep.force(q, force);
        axpy(p, dt, force);
        sep.velocity(p, vel);
        axpy(q, dt, vel);
      }
    },
  };
}

export const symplecticEuler: IntegratorPlugin = {
  type: 'integrator',
  id: 'symplectic-euler',
  title: 'Symplectic Euler',
  description: 'kick then drift; order 1, symplectic, not time-reversible',
  order: 1,
  properties: { symplectic: true, timeReversible: false, stochastic: false },
  requires: ['separable'],
  stagesPerStep: 1,
  create: (model) => createSymplecticEuler(model, 'symplectic-euler'),
};
