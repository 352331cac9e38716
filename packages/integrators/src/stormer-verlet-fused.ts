/**
 * Störmer–Verlet run by the model's own fused kernel (`separable.verletKernel`): the same
 * kick–drift–kick as `stormer-verlet`, with kick, drift and force fused into one sweep per
 * step by the model, which knows its force (no function calls in the loop over sites).
 * Order 2, symplectic, time-reversible. Models without a kernel, or whose kernel does not match
 * their force, are n.a. (`missingCapability` reports 'verletKernel').
 */
import type { IntegratorPlugin } from '@glassy/contracts';
import { requireVerletKernel } from './separable.js';

export const stormerVerletFused: IntegratorPlugin = {
  type: 'integrator',
  id: 'stormer-verlet-fused',
  title: 'Störmer–Verlet (fused model kernel)',
  description: "kick–drift–kick leapfrog in the model's own fused loop (separable.verletKernel); order 2, symplectic, time-reversible",
  order: 2,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['separable', 'verletKernel'],
  stagesPerStep: 1,
  create: (model) => requireVerletKernel(model, 'stormer-verlet-fused').create(),
};
