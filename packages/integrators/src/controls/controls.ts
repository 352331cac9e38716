/**
 * Negative-control integrators. Each is registered the way a careless author might register
 * it: with claims it does not meet. The verify catalogue must reject every claim listed in
 * `mustFail`, and verify's tests assert that it does; every other applicable check must pass.
 */
import type { IntegratorPlugin } from '@glassy/contracts';
import { createExplicitEuler, createExplicitEulerTangent } from '../explicit-euler.js';
import { createRk4 } from '../rk4.js';
import { createComposedVerlet } from '../stormer-verlet.js';
import { createSymplecticEuler } from '../symplectic-euler.js';
import { YOSHIDA_W1 } from '../yoshida4.js';
import { requireLangevinKernel } from '../separable.js';
import { createBaoab, createVelocityFlip, langevinParams, requireRandom, velocityFlipParams } from '../stochastic.js';

export const explicitEuler: IntegratorPlugin = {
  type: 'integrator',
  id: 'explicit-euler',
  title: 'CONTROL: explicit Euler, registered as symplectic and time-reversible',
  description: 'forward Euler; order 1 but neither symplectic nor reversible: energy grows',
  order: 1,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['gradient'],
  stagesPerStep: 1,
  create: (model) => createExplicitEuler(model, 'explicit-euler'),
  createTangent: (model) => createExplicitEulerTangent(model, 'explicit-euler'),
  control: {
    reason: 'claims symplectic and time-reversible; is neither',
    mustFail: ['symplecticity', 'energy-conservation', 'time-reversibility', 'lyapunov-pairing'],
  },
};

export const rk4: IntegratorPlugin = {
  type: 'integrator',
  id: 'rk4',
  title: 'CONTROL: classical RK4, registered as symplectic and time-reversible',
  description: 'Runge–Kutta 4; order 4 but not symplectic (energy drifts) nor reversible',
  order: 4,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['gradient'],
  stagesPerStep: 4,
  create: (model) => createRk4(model, 'rk4'),
  control: {
    reason: 'claims symplectic and time-reversible; is neither',
    mustFail: ['symplecticity', 'energy-conservation', 'time-reversibility'],
  },
};

export const symplecticEulerOrder2: IntegratorPlugin = {
  type: 'integrator',
  id: 'symplectic-euler-order2',
  title: 'CONTROL: symplectic Euler wrongly declared order 2',
  description: 'a correct first-order method with a wrong declared order',
  order: 2,
  properties: { symplectic: true, timeReversible: false, stochastic: false },
  requires: ['separable'],
  stagesPerStep: 1,
  create: (model) => createSymplecticEuler(model, 'symplectic-euler-order2'),
  control: { reason: 'declares order 2; is order 1', mustFail: ['convergence-order'] },
};

/**
 * A copy-paste bug in the triple jump: all three sub-steps use w1, so a step advances time by
 * 3·w1·h ≈ 3.8h. Still symplectic, reversible and energy-conserving, and so invisible to those
 * checks; the order check and the exact free flow at g = 0 catch it.
 */
export const yoshida4Typo: IntegratorPlugin = {
  type: 'integrator',
  id: 'yoshida4-typo',
  title: 'CONTROL: Yoshida triple jump with a copy-paste typo (w1, w1, w1)',
  description: 'sub-step weights do not sum to 1: inconsistent, yet symplectic and reversible',
  order: 4,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['separable'],
  stagesPerStep: 3,
  create: (model) => createComposedVerlet(model, [YOSHIDA_W1, YOSHIDA_W1, YOSHIDA_W1], 'yoshida4-typo'),
  control: { reason: 'sub-step weights sum to 3.8, not 1', mustFail: ['convergence-order', 'decoupled-limit@rotor-chain'] },
};

/** Langevin whose noise amplitude is √2 too large: it thermalises at 2/β instead of 1/β. */
export const langevinHotNoise: IntegratorPlugin = {
  type: 'integrator',
  id: 'langevin-hot-noise',
  title: 'CONTROL: Langevin thermostat with noise amplitude off by √2',
  description: 'fluctuation–dissipation broken: equilibrates at temperature 2/β',
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true, canonical: true },
  requires: ['separable'],
  stagesPerStep: 1,
  params: langevinParams,
  create(model, context) {
    const { beta, gamma } = langevinParams.parse(context?.params ?? {});
    return createBaoab(model, 'langevin-hot-noise', requireRandom(context, 'langevin-hot-noise'), gamma, undefined, [beta], Math.SQRT2);
  },
  control: { reason: 'noise amplitude √2 too large', mustFail: ['thermostat'] },
};

/**
 * The fused Langevin kernel run at a 5 % higher temperature (β/1.05): a near miss in the fast
 * thermostat path (e.g. a mis-scaled amplitude), which equilibrates 5 % too hot.
 */
export const langevinFusedWarm: IntegratorPlugin = {
  type: 'integrator',
  id: 'langevin-baoab-fused-warm-5pc',
  title: 'CONTROL (near miss): fused Langevin kernel at 1.05 × the temperature',
  description: 'verletKernel.createLangevin(γ, β/1.05): equilibrates at 1.05/β',
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true, canonical: true },
  requires: ['separable', 'langevinKernel'],
  stagesPerStep: 1,
  params: langevinParams,
  create(model, context) {
    const { beta, gamma } = langevinParams.parse(context?.params ?? {});
    return requireLangevinKernel(model, 'langevin-baoab-fused-warm-5pc')(gamma, beta / 1.05, requireRandom(context, 'langevin-baoab-fused-warm-5pc'));
  },
  control: { reason: 'fused thermostat 5 % too hot', mustFail: ['thermostat'] },
};

/** "Flip" noise that redraws the momentum instead of flipping it: not energy-conserving. */
export const velocityRedraw: IntegratorPlugin = {
  type: 'integrator',
  id: 'velocity-redraw',
  title: 'CONTROL: velocity noise that redraws p instead of flipping it',
  description: 'p_x ← N(0, 1) at the flip times: changes H at every event',
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true, energyConservingNoise: true },
  requires: ['separable'],
  stagesPerStep: 1,
  params: velocityFlipParams,
  create(model, context) {
    const { lambda } = velocityFlipParams.parse(context?.params ?? {});
    return createVelocityFlip(model, 'velocity-redraw', requireRandom(context, 'velocity-redraw'), lambda, 'redraw');
  },
  control: { reason: 'redraws momenta: not energy-conserving', mustFail: ['velocity-flip'] },
};

/**
 * Störmer–Verlet that silently takes 16 times the requested step (a units mix-up). Still
 * symplectic, so energy stays bounded, but at 16·dt the discrete dynamics samples a visibly
 * different (modified) equilibrium: Gibbs states do not stay Gibbs.
 */
export const stormerVerletLargeStep: IntegratorPlugin = {
  type: 'integrator',
  id: 'stormer-verlet-large-step',
  title: 'CONTROL: Störmer–Verlet taking 16× the requested time step',
  description: 'a units bug: dt is multiplied by 16 inside the step',
  order: 2,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['separable'],
  stagesPerStep: 1,
  create: (model) => createComposedVerlet(model, [16], 'stormer-verlet-large-step'),
  control: { reason: 'time step 16× too large', mustFail: ['stationarity', 'convergence-order'] },
};
