/**
 * Explicit (forward) Euler: (q, p) ← (q, p) + h (∂H/∂p, −∂H/∂q), both from the old state (any
 * model: separable parts where present, else the full gradient).
 * Order 1, neither symplectic nor time-reversible: energy grows. Kept as a negative control and
 * as a building block of tests.
 */
import type { HamiltonianModel, Stepper, TangentStepper } from '@glassy/contracts';
import { requireForceJacobian } from './near-integrable.js';
import { axpy, requireSeparable, vectorField } from './separable.js';

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

/**
 * Its tangent map on a separable model with T = |p|²/2: δq ← δq + h δp, δp ← δp + h (∂F/∂q)(q) δq,
 * all from the old state. Not symplectic: det(I − h²∂F/∂q) ≠ 1, so the Lyapunov spectrum does
 * not come in ± pairs (the control of the pairing check).
 */
export function createExplicitEulerTangent(model: HamiltonianModel, id: string): TangentStepper {
  const sep = requireSeparable(model, id);
  const jac = requireForceJacobian(model, id);
  const n = model.dof;
  const force = new Float64Array(n);
  const jv = new Float64Array(n);
  const oldDq = new Float64Array(n);
  return {
    step(q, p, dq, dp, dt, nSteps) {
      for (let s = 0; s < nSteps; s++) {
        sep.force(q, force);
        for (let off = 0; off < dq.length; off += n) {
          for (let i = 0; i < n; i++) oldDq[i] = dq[off + i]!;
          jac(q, oldDq, jv);
          for (let i = 0; i < n; i++) {
            dq[off + i] = oldDq[i]! + dt * dp[off + i]!;
            dp[off + i] = dp[off + i]! + dt * jv[i]!;
          }
        }
        for (let i = 0; i < n; i++) {
          q[i] = q[i]! + dt * p[i]!;
          p[i] = p[i]! + dt * force[i]!;
        }
      }
    },
  };
}
