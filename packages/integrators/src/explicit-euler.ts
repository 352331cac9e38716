/**
 * Explicit (forward) Euler: (q, p) ← (q, p) + h (∂T/∂p(p), F(q)), both from the old state.
 * Order 1, neither symplectic nor time-reversible: energy grows. Kept as a negative control and
 * as a building block of tests.
 */
import type { HamiltonianModel, Stepper } from '@glassy/contracts';
import { axpy, requireSeparable } from './separable.js';

export function createExplicitEuler(model: HamiltonianModel, id: string): Stepper {
  const sep = requireSeparable(model, id);
  const force = new Float64Array(model.dof);
  const vel = new Float64Array(model.dof);
  return {
    step(q, p, dt, nSteps) {
      for (let n = 0; n < nSteps; n++) {
        sep.force(q, force);
        sep.velocity(p, vel);
        axpy(q, dt, vel);
        axpy(p, dt, force);
      }
    },
  };
}
