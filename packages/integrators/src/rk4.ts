/**
 * Classical fourth-order Runge–Kutta on q̇ = ∂H/∂p, ṗ = −∂H/∂q (any model: separable parts
 * where present, else the full gradient). Order 4, not symplectic (slow
 * energy drift), not time-reversible. Also the engine of the high-accuracy reference
 * trajectories used by the convergence-order check.
 */
import type { HamiltonianModel, Stepper } from '@glassy/contracts';
import { vectorField } from './separable.js';

export function createRk4(model: HamiltonianModel, _id: string): Stepper {
  const field = vectorField(model);
  const n = model.dof;
  const qs = new Float64Array(n);
  const ps = new Float64Array(n);
  const kq = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)] as const;
  const kp = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)] as const;
  const stage = (q: Float64Array, p: Float64Array, i: 0 | 1 | 2 | 3): void => {
    field(q, p, kq[i], kp[i]);
  };
  return {
    step(q, p, dt, nSteps) {
      const h2 = 0.5 * dt;
      const h6 = dt / 6;
      for (let s = 0; s < nSteps; s++) {
        stage(q, p, 0);
        for (let i = 0; i < n; i++) {
          qs[i] = q[i]! + h2 * kq[0][i]!;
          ps[i] = p[i]! + h2 * kp[0][i]!;
        }
        stage(qs, ps, 1);
        for (let i = 0; i < n; i++) {
          qs[i] = q[i]! + h2 * kq[1][i]!;
          ps[i] = p[i]! + h2 * kp[1][i]!;
        }
        stage(qs, ps, 2);
        for (let i = 0; i < n; i++) {
          qs[i] = q[i]! + dt * kq[2][i]!;
          ps[i] = p[i]! + dt * kp[2][i]!;
        }
        stage(qs, ps, 3);
        for (let i = 0; i < n; i++) {
          q[i] = q[i]! + h6 * (kq[0][i]! + 2 * kq[1][i]! + 2 * kq[2][i]! + kq[3][i]!);
          p[i] = p[i]! + h6 * (kp[0][i]! + 2 * kp[1][i]! + 2 * kp[2][i]! + kp[3][i]!);
        }
      }
    },
  };
}
