/**
 * Split-step integrators for any model that exposes exact sub-flows H = H_1 + … + H_K
 * (e.g. the DNLS: on-site phase rotation, hopping on even bonds, hopping on odd bonds).
 *
 * Strang (symmetric Lie–Trotter) step of size h:
 *   S(h) = φ_1(h/2) ∘ … ∘ φ_{K−1}(h/2) ∘ φ_K(h) ∘ φ_{K−1}(h/2) ∘ … ∘ φ_1(h/2)
 * Each φ_k is the exact flow of a Hamiltonian, so S is symplectic; it is symmetric, hence
 * time-reversible and of order 2. Yoshida's triple jump S(w1 h) S(w0 h) S(w1 h) gives order 4.
 * The outer half-steps of φ_1 are not merged across steps (φ_1(a) φ_1(b) = φ_1(a + b) only up to
 * rounding), so n steps in one call are bit-identical to n calls of one step: results never
 * depend on where a run was cut (recording times, checkpoints).
 */
import { GlassyInputError, type HamiltonianModel, type IntegratorPlugin, type Stepper, type SubFlow } from '@glassy/contracts';
import { YOSHIDA_W0, YOSHIDA_W1 } from './yoshida4.js';

function requireSubFlows(model: HamiltonianModel, id: string): readonly SubFlow[] {
  if (!model.subFlows || model.subFlows.length === 0) {
    throw new GlassyInputError(`integrator "${id}" needs exact sub-flows H = H_1 + … + H_K; model "${model.modelId}" has none`);
  }
  return model.subFlows;
}

/** Strang composition of the sub-flows, each Strang step of size w_k·dt for the given weights. */
export function createComposedStrang(model: HamiltonianModel, weights: readonly number[], id: string): Stepper {
  const flows = requireSubFlows(model, id);
  const K = flows.length;
  const w = Float64Array.from(weights);
  return {
    step(q, p, dt, nSteps) {
      for (let n = 0; n < nSteps; n++) {
        for (let s = 0; s < w.length; s++) {
          const h = w[s]! * dt;
          for (let k = 0; k < K - 1; k++) flows[k]!.flow(q, p, 0.5 * h);
          flows[K - 1]!.flow(q, p, h);
          for (let k = K - 2; k >= 0; k--) flows[k]!.flow(q, p, 0.5 * h);
        }
      }
    },
  };
}

export const splitStrang: IntegratorPlugin = {
  type: 'integrator',
  id: 'split-strang',
  title: 'Strang splitting of exact sub-flows',
  description: 'symmetric composition of the model\'s exact sub-flows; order 2, symplectic, time-reversible',
  order: 2,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['subFlows'],
  stagesPerStep: 1,
  create: (model) => createComposedStrang(model, [1], 'split-strang'),
};

export const splitYoshida4: IntegratorPlugin = {
  type: 'integrator',
  id: 'split-yoshida4',
  title: 'Yoshida 4th-order triple jump on Strang splitting',
  description: 'S(w1 h) S(w0 h) S(w1 h) of the Strang step of the exact sub-flows; order 4, symplectic, time-reversible',
  order: 4,
  properties: { symplectic: true, timeReversible: true, stochastic: false },
  requires: ['subFlows'],
  stagesPerStep: 3,
  create: (model) => createComposedStrang(model, [YOSHIDA_W1, YOSHIDA_W0, YOSHIDA_W1], 'split-yoshida4'),
};
