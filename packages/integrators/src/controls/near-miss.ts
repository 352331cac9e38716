/**
 * Near-miss integrator controls: realistic slips of a few per cent or less, each rejected by the
 * check it names. The coarse controls (controls.ts) are caught by every check; these measure
 * whether the catalogue sees small errors (README "Verification power").
 */
import { requireSeparable, axpy } from '../separable.js';
import { createComposedVerlet } from '../stormer-verlet.js';
import { YOSHIDA_W1 } from '../yoshida4.js';
import type { HamiltonianModel, IntegratorPlugin, Stepper } from '@glassy/contracts';
import { createVelocityFlip, requireRandom, velocityFlipParams } from '../stochastic.js';

/** Störmer–Verlet whose closing half-kick uses 0.99·dt/2: symplectic still, but not reversible and order 1. */
function createShortKickVerlet(model: HamiltonianModel, id: string): Stepper {
  const sep = requireSeparable(model, id);
  const force = new Float64Array(model.dof);
  const vel = new Float64Array(model.dof);
  return {
    step(q, p, dt, nSteps) {
      sep.force(q, force);
      for (let n = 0; n < nSteps; n++) {
        axpy(p, 0.5 * dt, force);
        sep.velocity(p, vel);
        axpy(q, dt, vel);
        sep.force(q, force);
        axpy(p, 0.99 * 0.5 * dt, force);
      }
    },
  };
}

export const stormerVerletShortKick: IntegratorPlugin = {
  type: 'integrator',
  id: 'stormer-verlet-short-kick',
  title: 'CONTROL (near miss): Störmer–Verlet whose last half-kick uses 0.99 dt',
  description: 'kick(dt/2) drift(dt) kick(0.99 dt/2): still symplectic, but neither reversible nor of order 2',
  order: 2,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['separable'],
  stagesPerStep: 1,
  create: (model) => createShortKickVerlet(model, 'stormer-verlet-short-kick'),
  control: {
    reason: 'last half-kick 1 % short',
    mustFail: ['time-reversibility', 'convergence-order', 'energy-error-order'],
  },
};

/** Yoshida's w1 = 1/(2 − 2^{1/3}) = 1.3512071…, mistyped as 1.352 (fourth digit); w0 = 1 − 2w1 keeps it consistent. */
export const YOSHIDA_W1_TYPO = 1.352;

export const yoshida4DigitTypo: IntegratorPlugin = {
  type: 'integrator',
  id: 'yoshida4-digit-typo',
  title: 'CONTROL (near miss): Yoshida triple jump with w1 = 1.352 (true 1.35121)',
  description: 'consistent (weights sum to 1), symplectic and reversible, but order 2, not 4',
  order: 4,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['separable'],
  stagesPerStep: 3,
  create: (model) => createComposedVerlet(model, [YOSHIDA_W1_TYPO, 1 - 2 * YOSHIDA_W1_TYPO, YOSHIDA_W1_TYPO], 'yoshida4-digit-typo'),
  control: { reason: `w1 wrong in the fourth digit (${YOSHIDA_W1_TYPO} vs ${YOSHIDA_W1.toFixed(5)})`, mustFail: ['convergence-order', 'energy-error-order'] },
};

/**
 * The model as a velocity-flip integrator's deterministic part sees it, with the force scaled by
 * `forceFactor` and the drift by `driftFactor` (the Verlet fast path is dropped so the generic
 * step uses these). Flips and their law are untouched: only the dynamics between flips is wrong.
 */
function withDynamics(model: HamiltonianModel, id: string, forceFactor: number, driftFactor: number): HamiltonianModel {
  const sep = requireSeparable(model, id);
  return {
    ...model,
    separable: {
      ...sep,
      verletKernel: undefined,
      force: (q, out) => {
        sep.force(q, out);
        for (let i = 0; i < out.length; i++) out[i] = forceFactor * out[i]!;
      },
      velocity: (p, out) => {
        sep.velocity(p, out);
        for (let i = 0; i < out.length; i++) out[i] = driftFactor * out[i]!;
      },
    },
  };
}

const flipParams = (context: Parameters<IntegratorPlugin['create']>[1]): number => velocityFlipParams.parse(context?.params ?? {}).lambda;

export const velocityFlipNoForces: IntegratorPlugin = {
  type: 'integrator',
  id: 'velocity-flip-no-forces',
  title: 'CONTROL: velocity flips without the Hamiltonian dynamics between them',
  description: 'flips p_x at rate λ, but never kicks nor drifts: conserves H and the Gibbs law, so only its noise-free limit shows it',
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true, energyConservingNoise: true },
  requires: ['separable'],
  stagesPerStep: 1,
  params: velocityFlipParams,
  noiseFree: { params: { lambda: 0 }, description: 'λ = 0: no flips, Störmer–Verlet' },
  create: (model, context) => createVelocityFlip(withDynamics(model, 'velocity-flip-no-forces', 0, 0), 'velocity-flip-no-forces', requireRandom(context, 'velocity-flip-no-forces'), flipParams(context)),
  control: { reason: 'forgets the dynamics between flips', mustFail: ['noise-free-limit'] },
};

export const velocityFlipWeakKick: IntegratorPlugin = {
  type: 'integrator',
  id: 'velocity-flip-weak-kick',
  title: 'CONTROL (near miss): velocity flips around a Verlet step whose kicks use 0.99 × the force',
  description: 'flip(h/2) Verlet(h) flip(h/2) with the force 1 % short: energy-conserving flips, a slightly wrong flow',
  order: 2,
  properties: { symplectic: false, timeReversible: false, stochastic: true, energyConservingNoise: true },
  requires: ['separable'],
  stagesPerStep: 1,
  params: velocityFlipParams,
  noiseFree: { params: { lambda: 0 }, description: 'λ = 0: no flips, Störmer–Verlet' },
  create: (model, context) => createVelocityFlip(withDynamics(model, 'velocity-flip-weak-kick', 0.99, 1), 'velocity-flip-weak-kick', requireRandom(context, 'velocity-flip-weak-kick'), flipParams(context)),
  control: { reason: 'kicks 1 % short between flips', mustFail: ['noise-free-limit'] },
};
