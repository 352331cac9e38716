/**
 * Stochastic integrators (physics.md §1, §6; review eq. (7)). Each needs a RandomStream in its
 * context; its draws then depend only on how that stream was seeded.
 *
 * - langevin-baoab: dp = F dt − γ p dt + √(2γ/β) dW on every site, BAOAB splitting
 *   (Leimkuhler & Matthews): B(h/2) A(h/2) O(h) A(h/2) B(h/2), with the exact
 *   Ornstein–Uhlenbeck step O: p ← e^{−γh} p + √((1 − e^{−2γh})/β) ξ.
 * - velocity-flip: the review's energy-conserving noise: each p_x flips sign at the times of an
 *   independent Poisson clock of rate λ. Strang splitting flip(h/2) Verlet(h) flip(h/2); over a
 *   time τ a site flips iff its Poisson count is odd, probability (1 − e^{−2λτ})/2. Flips leave
 *   H exactly unchanged (T(p) is even) and do not conserve Ω.
 * - boundary-langevin: BAOAB with the O step on the two end sites only, at inverse
 *   temperatures betaLeft and betaRight (non-equilibrium steady states).
 */
import { z } from 'zod';
import { GlassyInputError, type HamiltonianModel, type IntegratorContext, type IntegratorPlugin, type RandomStream, type Stepper } from '@glassy/contracts';
import { axpy, requireSeparable } from './separable.js';

export function requireRandom(context: IntegratorContext | undefined, id: string): RandomStream {
  if (!context?.random) throw new GlassyInputError(`integrator "${id}" is stochastic and needs a random stream (context.random)`);
  return context.random;
}

export const langevinParams = z.object({
  beta: z.number().positive().finite().default(1).describe('inverse temperature β of the bath'),
  gamma: z.number().positive().finite().default(1).describe('friction γ'),
});

/**
 * BAOAB with an O step acting on the listed sites (all sites: `sites` undefined) at the given
 * inverse temperatures. `noiseFactor` ≠ 1 only in the negative control.
 */
export function createBaoab(
  model: HamiltonianModel,
  id: string,
  random: RandomStream,
  gamma: number,
  sites: readonly number[] | undefined,
  betas: readonly number[],
  noiseFactor = 1,
): Stepper {
  const sep = requireSeparable(model, id);
  const n = model.dof;
  const force = new Float64Array(n);
  const vel = new Float64Array(n);
  const index = Int32Array.from(sites ?? Array.from({ length: n }, (_, i) => i));
  const invBeta = Float64Array.from(index, (_, k) => 1 / betas[sites ? k : 0]!);
  const amplitude = new Float64Array(index.length);
  return {
    step(q, p, dt, nSteps) {
      // Exact Ornstein–Uhlenbeck step over dt: p ← c1 p + √((1 − c1²)/β) ξ.
      const c1 = Math.exp(-gamma * dt);
      const c2 = Math.sqrt(1 - c1 * c1) * noiseFactor;
      for (let k = 0; k < index.length; k++) amplitude[k] = c2 * Math.sqrt(invBeta[k]!);
      sep.force(q, force);
      for (let s = 0; s < nSteps; s++) {
        axpy(p, 0.5 * dt, force);
        sep.velocity(p, vel);
        axpy(q, 0.5 * dt, vel);
        for (let k = 0; k < index.length; k++) {
          const i = index[k]!;
          p[i] = c1 * p[i]! + amplitude[k]! * random.normal();
        }
        sep.velocity(p, vel);
        axpy(q, 0.5 * dt, vel);
        sep.force(q, force);
        axpy(p, 0.5 * dt, force);
      }
    },
  };
}

export const langevinBaoab: IntegratorPlugin = {
  type: 'integrator',
  id: 'langevin-baoab',
  title: 'Langevin thermostat on every site (BAOAB)',
  description: 'BAOAB splitting with an exact Ornstein–Uhlenbeck step; samples e^{−βH}',
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true, canonical: true },
  requires: ['separable'],
  stagesPerStep: 1,
  params: langevinParams,
  create(model, context) {
    const { beta, gamma } = langevinParams.parse(context?.params ?? {});
    return createBaoab(model, 'langevin-baoab', requireRandom(context, 'langevin-baoab'), gamma, undefined, [beta]);
  },
};

export const boundaryLangevinParams = z.object({
  betaLeft: z.number().positive().finite().default(1).describe('inverse temperature of the bath on the first site'),
  betaRight: z.number().positive().finite().default(1).describe('inverse temperature of the bath on the last site'),
  gamma: z.number().positive().finite().default(1).describe('friction γ of both baths'),
});

export const boundaryLangevin: IntegratorPlugin = {
  type: 'integrator',
  id: 'boundary-langevin',
  title: 'Langevin baths on the two end sites (BAOAB)',
  description: 'Verlet in the bulk, Ornstein–Uhlenbeck baths at betaLeft / betaRight on sites 1 and L',
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true },
  requires: ['separable'],
  stagesPerStep: 1,
  params: boundaryLangevinParams,
  create(model, context) {
    const { betaLeft, betaRight, gamma } = boundaryLangevinParams.parse(context?.params ?? {});
    const last = model.dof - 1;
    return createBaoab(model, 'boundary-langevin', requireRandom(context, 'boundary-langevin'), gamma, [0, last], [betaLeft, betaRight]);
  },
};

export const velocityFlipParams = z.object({
  lambda: z.number().min(0).finite().default(0.1).describe('flip rate λ per site (review eq. (7))'),
});

/** flip(h/2) Verlet(h) flip(h/2); `redraw` (control only) replaces flips by fresh Gaussian momenta. */
export function createVelocityFlip(model: HamiltonianModel, id: string, random: RandomStream, lambda: number, redraw = false): Stepper {
  const sep = requireSeparable(model, id);
  const n = model.dof;
  const force = new Float64Array(n);
  const vel = new Float64Array(n);
  return {
    step(q, p, dt, nSteps) {
      const flipProbability = 0.5 * (1 - Math.exp(-lambda * dt)); // parity of Poisson(λ·dt/2)
      const noise = (): void => {
        for (let i = 0; i < n; i++) {
          if (random.uniform() < flipProbability) p[i] = redraw ? random.normal() : -p[i]!;
        }
      };
      sep.force(q, force);
      for (let s = 0; s < nSteps; s++) {
        noise();
        axpy(p, 0.5 * dt, force);
        sep.velocity(p, vel);
        axpy(q, dt, vel);
        sep.force(q, force);
        axpy(p, 0.5 * dt, force);
        noise();
      }
    },
  };
}

export const velocityFlip: IntegratorPlugin = {
  type: 'integrator',
  id: 'velocity-flip',
  title: 'Verlet with energy-conserving velocity flips (eq. 7)',
  description: 'each p_x flips sign at Poisson rate λ; conserves H at every flip, not Ω',
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true, energyConservingNoise: true },
  requires: ['separable'],
  stagesPerStep: 1,
  params: velocityFlipParams,
  create(model, context) {
    const { lambda } = velocityFlipParams.parse(context?.params ?? {});
    return createVelocityFlip(model, 'velocity-flip', requireRandom(context, 'velocity-flip'), lambda);
  },
};
