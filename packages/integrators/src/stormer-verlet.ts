/**
 * Störmer–Verlet (velocity Verlet, kick–drift–kick) for H = T(p) + V(q):
 *   p ← p + (h/2) F(q);  q ← q + h ∂T/∂p(p);  p ← p + (h/2) F(q).
 * Order 2, symplectic, time-reversible. One force evaluation per step: the force at the end
 * of a step is reused at the start of the next one within a call.
 *
 * Where the model has a fused kernel that declares itself bit for bit this step
 * (`separable.verletKernel.bitIdentical`, held to exact equality by the kernel-agreement check),
 * `stormer-verlet` runs that kernel: the same trajectory, 3–4× faster (the anharmonic chain).
 * Where the kernel differs in rounding (the rotor chain's polynomial sine), it keeps the generic
 * step; `stormer-verlet-fused` names the kernel.
 */
import { hasVerletKernel, type HamiltonianModel, type IntegratorPlugin, type Stepper } from '@glassy/contracts';
import { axpy, requireSeparable } from './separable.js';
import { createAbaTangent, kickDriftKickWord } from './near-integrable.js';

/**
 * A Verlet stepper with a composition pattern: each step runs Verlet sub-steps of size w_k·dt.
 * With weights [1] it is Störmer–Verlet; [w1, w0, w1] is the Yoshida triple jump.
 */
export function createComposedVerlet(model: HamiltonianModel, weights: readonly number[], id: string): Stepper {
  const sep = requireSeparable(model, id);
  const force = new Float64Array(model.dof);
  const vel = new Float64Array(model.dof);
  const w = Float64Array.from(weights);
  return {
    step(q, p, dt, nSteps) {
      sep.force(q, force);
      for (let n = 0; n < nSteps; n++) {
        for (let k = 0; k < w.length; k++) {
          const h = w[k]! * dt;
          axpy(p, 0.5 * h, force);
          sep.velocity(p, vel);
          axpy(q, h, vel);
          sep.force(q, force);
          axpy(p, 0.5 * h, force);
        }
      }
    },
  };
}

export const stormerVerlet: IntegratorPlugin = {
  type: 'integrator',
  id: 'stormer-verlet',
  title: 'Störmer–Verlet (velocity Verlet)',
  description: 'kick–drift–kick leapfrog; order 2, symplectic, time-reversible (runs the model\'s fused kernel where that is bit for bit the same step)',
  order: 2,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['separable'],
  stagesPerStep: 1,
  create: (model) => (hasBitIdenticalKernel(model) ? model.separable!.verletKernel!.create() : createComposedVerlet(model, [1], 'stormer-verlet')),
  createTangent: (model) => createAbaTangent(model, kickDriftKickWord([1]), 'stormer-verlet'),
};

/** Does the model's fused kernel compute exactly `stormer-verlet` (and integrate its current force)? */
export function hasBitIdenticalKernel(model: HamiltonianModel): boolean {
  return hasVerletKernel(model) && model.separable!.verletKernel!.bitIdentical === true;
}
