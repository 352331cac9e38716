/**
 * Yoshida's fourth-order triple jump on Störmer–Verlet (Yoshida 1990):
 *   Φ_h = V(w1 h) ∘ V(w0 h) ∘ V(w1 h),  w1 = 1/(2 − 2^{1/3}),  w0 = 1 − 2 w1 = −2^{1/3} w1.
 * Symmetric composition of a symmetric order-2 method: order 4, symplectic, time-reversible.
 */
import type { IntegratorPlugin } from '@glassy/contracts';
import { createComposedVerlet } from './stormer-verlet.js';
import { createAbaTangent, kickDriftKickWord } from './near-integrable.js';

const CBRT2 = Math.cbrt(2);
export const YOSHIDA_W1 = 1 / (2 - CBRT2);
export const YOSHIDA_W0 = 1 - 2 * YOSHIDA_W1;

export const yoshida4: IntegratorPlugin = {
  type: 'integrator',
  id: 'yoshida4',
  title: 'Yoshida 4th-order triple jump on Verlet',
  description: 'symmetric composition V(w1 h) V(w0 h) V(w1 h); order 4, symplectic, time-reversible',
  order: 4,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['separable'],
  stagesPerStep: 3,
  create: (model) => createComposedVerlet(model, [YOSHIDA_W1, YOSHIDA_W0, YOSHIDA_W1], 'yoshida4'),
  createTangent: (model) => createAbaTangent(model, kickDriftKickWord([YOSHIDA_W1, YOSHIDA_W0, YOSHIDA_W1]), 'yoshida4'),
};
