/**
 * Explicit (forward) Euler: (q, p) ← (q, p) + h (∂H/∂p, −∂H/∂q), both from the old state (any
 * model: separable parts where present, else the full gradient).
 * Order 1, neither symplectic nor time-reversible: energy grows. Kept as a negative control and
 * as a building block of tests.
 */
import type { HamiltonianModel, Stepper } from '@glassy/contracts';
import { axpy, vectorField } from './separable.js';

export function createExplicitEuler(model: HamiltonianModel, _id: string): Stepper {
  const field = vectorField(model);
  const force = new Float64Array(model.dof);
  const vel = new Float64Array(model.dof);
  return {
    step(q, p, dt, nSteps) {
      for (let n = 0; n < nSteps; n++) {
        field(q, p, vel, force);
        axpy(q, dt, vel);
        axpy(p, dt, force);
      }
    },
  };
}
