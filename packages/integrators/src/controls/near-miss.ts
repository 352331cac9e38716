/**
 * Near-miss integrator controls: realistic slips of a few per cent or less, each rejected by the
 * check it names. The coarse controls (controls.ts) are caught by every check; these measure
 * whether the catalogue sees small errors (README "Verification power").
 */
import { requireSeparable, axpy } from '../separable.js';
import { createComposedVerlet } from '../stormer-verlet.js';
import { YOSHIDA_W1 } from '../yoshida4.js';
import type { HamiltonianModel, IntegratorPlugin, Stepper } from '@glassy/contracts';

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
