/**
 * Stochastic integrators (docs/physics.md §1, §6; review eq. (7)). Each needs a RandomStream in its
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
import { GlassyInputError, hasLangevinKernel, hasVerletKernel, type HamiltonianModel, type IntegratorContext, type IntegratorPlugin, type RandomStream, type Stepper } from '@glassy/contracts';
import { axpy, requireLangevinKernel, requireSeparable } from './separable.js';

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
  noiseFree: { params: { gamma: 1e-30 }, description: 'γ = 1e-30: BAOAB is Störmer–Verlet (noise amplitude ~1e-16)' },
  create(model, context) {
    const { beta, gamma } = langevinParams.parse(context?.params ?? {});
    return createBaoab(model, 'langevin-baoab', requireRandom(context, 'langevin-baoab'), gamma, undefined, [beta]);
  },
};

/**
 * The model's fused Langevin kernel (`separable.verletKernel.createLangevin`, the same BAOAB with
 * langevin-baoab's draws, fused like stormer-verlet-fused), or the generic BAOAB where the model
 * has none: what thermalisations use for speed.
 */
export function createLangevinFast(model: HamiltonianModel, id: string, random: RandomStream, gamma: number, beta: number): Stepper {
  if (hasLangevinKernel(model)) return model.separable!.verletKernel!.createLangevin!(gamma, beta, random);
  return createBaoab(model, id, random, gamma, undefined, [beta]);
}

export const langevinBaoabFused: IntegratorPlugin = {
  type: 'integrator',
  id: 'langevin-baoab-fused',
  title: 'Langevin thermostat on every site (BAOAB, fused model kernel)',
  description: "langevin-baoab in the model's own fused loop (separable.verletKernel.createLangevin), the same draws in the same order; samples e^{−βH}",
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true, canonical: true },
  requires: ['separable', 'langevinKernel'],
  stagesPerStep: 1,
  params: langevinParams,
  noiseFree: { params: { gamma: 1e-30 }, description: 'γ = 1e-30: BAOAB is Störmer–Verlet (noise amplitude ~1e-16)' },
  create(model, context) {
    const { beta, gamma } = langevinParams.parse(context?.params ?? {});
    return requireLangevinKernel(model, 'langevin-baoab-fused')(gamma, beta, requireRandom(context, 'langevin-baoab-fused'));
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
  noiseFree: { params: { gamma: 1e-30 }, description: 'γ = 1e-30: the baths are off and the chain is integrated by Störmer–Verlet' },
  create(model, context) {
    const { betaLeft, betaRight, gamma } = boundaryLangevinParams.parse(context?.params ?? {});
    const last = model.dof - 1;
    return createBaoab(model, 'boundary-langevin', requireRandom(context, 'boundary-langevin'), gamma, [0, last], [betaLeft, betaRight]);
  },
};

export const velocityFlipParams = z.object({
  lambda: z.number().min(0).finite().default(0.1).describe('flip rate λ per site (review eq. (7))'),
});

/**
 * What the noise does to a site whose Poisson clock rang an odd number of times in an interval:
 * 'flip' p_x → −p_x (eq. (7)); the control 'redraw' p_x ← N(0, 1) (not energy-conserving).
 */
export type MomentumNoise = 'flip' | 'redraw';

/** P(Poisson(μ) is odd) = (1 − e^{−2μ})/2. */
function oddProbability(mu: number): number {
  return -0.5 * Math.expm1(-2 * mu);
}

/**
 * flip(h/2) Verlet(h) flip(h/2), drawn step by step but not coin by coin. Over a time τ a
 * site's momentum flips iff its Poisson(λτ) count is odd, probability P = P_odd(λh/2) per
 * half step, independently for each of the C = L sites and each of the two half steps: 2C
 * coins per step. They are drawn exactly as a whole: one
 * uniform decides whether any of them fires (probability 1 − (1 − P)^{2C}); only then are the
 * number K of coins that fire (Binomial(2C, P) conditioned on K ≥ 1, by inversion) and which
 * ones (a uniform K-subset, by rejection) drawn. Same law as 2C independent coins; one uniform
 * per quiet step instead of 2C. The Verlet steps between events run in one call, through the
 * model's fused kernel where it has one (`separable.verletKernel`), else kick–drift–kick.
 * Every step draws the same numbers whatever the call it is part of, and nothing is carried
 * between calls: n steps in one call equal n calls of one step, bit for bit.
 */
export function createVelocityFlip(model: HamiltonianModel, id: string, random: RandomStream, lambda: number, noise: MomentumNoise = 'flip'): Stepper {
  const sep = requireSeparable(model, id);
  const n = model.dof;
  const coins = 2 * n; // (half step, site): index < n is the opening half
  const force = new Float64Array(n);
  const vel = new Float64Array(n);
  const fired = new Uint8Array(coins);
  const picked = new Int32Array(coins);
  const kernel = hasVerletKernel(model) ? sep.verletKernel!.create() : undefined;

  const verlet = (q: Float64Array, p: Float64Array, dt: number, m: number): void => {
    if (m <= 0) return;
    if (kernel) {
      kernel.step(q, p, dt, m);
      return;
    }
    sep.force(q, force);
    for (let s = 0; s < m; s++) {
      axpy(p, 0.5 * dt, force);
      sep.velocity(p, vel);
      axpy(q, dt, vel);
      sep.force(q, force);
      axpy(p, 0.5 * dt, force);
    }
  };

  /** Draw which coins fire in a step known to have at least one (K ~ Binomial(coins, prob) | K ≥ 1). */
  const drawFired = (prob: number, pAny: number): number => {
    const target = random.uniform() * pAny;
    const ratio = prob / (1 - prob);
    let pmf = coins * prob * Math.pow(1 - prob, coins - 1);
    let cumulative = pmf;
    let k = 1;
    while (cumulative <= target && k < coins) {
      pmf *= ((coins - k) / (k + 1)) * ratio;
      cumulative += pmf;
      k++;
    }
    for (let j = 0; j < k; j++) {
      let c: number;
      do c = Math.floor(random.uniform() * coins);
      while (fired[c] === 1);
      fired[c] = 1;
      picked[j] = c;
    }
    return k;
  };

  /** Apply the fired coins of one half step (offset 0: opening, n: closing), in site order. */
  const apply = (p: Float64Array, offset: number): void => {
    for (let x = 0; x < n; x++) if (fired[offset + x] === 1) p[x] = noise === 'redraw' ? random.normal() : -p[x]!;
  };

  return {
    step(q, p, dt, nSteps) {
      const prob = oddProbability(0.5 * lambda * dt);
      const pAny = -Math.expm1(coins * Math.log1p(-prob));
      let done = 0; // steps already integrated
      for (let s = 0; s < nSteps; s++) {
        if (!(pAny > 0 && random.uniform() < pAny)) continue;
        const k = drawFired(prob, pAny);
        verlet(q, p, dt, s - done);
        apply(p, 0);
        verlet(q, p, dt, 1);
        done = s + 1;
        apply(p, n);
        for (let j = 0; j < k; j++) fired[picked[j]!] = 0;
      }
      verlet(q, p, dt, nSteps - done);
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
  noiseFree: { params: { lambda: 0 }, description: 'λ = 0: no flips, Störmer–Verlet' },
  create(model, context) {
    const { lambda } = velocityFlipParams.parse(context?.params ?? {});
    return createVelocityFlip(model, 'velocity-flip', requireRandom(context, 'velocity-flip'), lambda);
  },
};
