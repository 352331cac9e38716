/**
 * Negative controls: deliberately broken copies of the rotor chain. They keep the correct
 * Hamiltonian and swap in a wrong force, as a real bug would. Hidden unless controls are asked
 * for; each lists the checks that must reject it, and verify's tests assert that they do.
 */
import { defineModel, type HamiltonianModel } from '@glassy/contracts';
import { unitMassGradient } from '../mechanics.js';
import { createRotorChain, rotorChainDefinition, rotorChainParams, type RotorChainParams } from '../rotor-chain/rotor-chain.js';

function withForce(
  params: RotorChainParams,
  modelId: string,
  force: (q: Float64Array, out: Float64Array) => void,
): HamiltonianModel {
  const base = createRotorChain(params);
  const separable = { ...base.separable!, force };
  return {
    ...base,
    modelId,
    separable,
    gradient: unitMassGradient(force),
  };
}

/**
 * Sign error in one of the two bond terms: ω̇_x = g [s_x + s_{x−1}]. The force is then no
 * longer a gradient: energy and Ω are not conserved and the step map is not symplectic.
 */
export const rotorChainSignError = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-sign-error',
  title: 'CONTROL: rotor chain with a sign error in the force',
  description: 'ω̇_x = g [s_x + s_{x−1}] instead of g [s_x − s_{x−1}]',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const { g } = params;
    const periodic = params.boundary === 'periodic';
    return withForce(params, 'rotor-chain-sign-error', (theta, out) => {
      const L = theta.length;
      let prev = periodic ? Math.sin(theta[0]! - theta[L - 1]!) : 0;
      for (let x = 0; x < L - 1; x++) {
        const s = Math.sin(theta[x + 1]! - theta[x]!);
        out[x] = g * (s + prev);
        prev = s;
      }
      out[L - 1] = g * ((periodic ? Math.sin(theta[0]! - theta[L - 1]!) : 0) + prev);
    });
  },
  control: {
    reason: 'sign error in one bond term of the force',
    mustFail: ['symplecticity', 'energy-conservation', 'invariants'],
  },
});

/**
 * The force uses g² where the Hamiltonian has g: invisible at g = 1, so a check at the default
 * coupling alone would miss it. The exact scaling relation g → g/α² exposes it.
 */
export const rotorChainCouplingSquared = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-coupling-squared',
  title: 'CONTROL: rotor chain whose force uses g² instead of g',
  description: 'ω̇_x = g² [s_x − s_{x−1}]: a units bug that is invisible at g = 1',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const g2 = params.g * params.g;
    const inner = createRotorChain({ ...params, g: g2 });
    return withForce(params, 'rotor-chain-coupling-squared', inner.separable!.force);
  },
  control: {
    reason: 'coupling enters the force squared',
    mustFail: ['scaling-relation', 'phi-scaling', 'kappa-scaling'],
  },
});

/**
 * A Gibbs sampler run at the wrong temperature: it draws at 0.9β, so the bond concentration is
 * 0.9βg instead of βg and the momenta are 5% too wide. The dynamics are correct.
 */
export const rotorChainGibbsHot = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-gibbs-hot',
  title: 'CONTROL: rotor chain whose Gibbs sampler draws at 0.9β',
  description: 'wrong concentration κ = 0.9βg and momentum variance 1/(0.9β)',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const gibbs = base.gibbs!;
    return { ...base, modelId: 'rotor-chain-gibbs-hot', gibbs: { ...gibbs, sample: (q, p, beta, random, options) => gibbs.sample(q, p, 0.9 * beta, random, options) } };
  },
  control: { reason: 'Gibbs sampler at 0.9β', mustFail: ['gibbs-marginals', 'chaotic-triple', 'phi-endpoints'] },
});

/**
 * A coupling normalised by the chain length, g·64/L, in both H and the force: a consistent
 * Hamiltonian at every single size (so energy, symplecticity and Gibbs checks pass), but the
 * physics changes with L.
 */
export const rotorChainSizeNormalised = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-size-normalised',
  title: 'CONTROL: rotor chain whose coupling is normalised by the length (g·64/L)',
  description: 'a size bug: consistent at each L, different physics across L',
  params: rotorChainParams,
  create: (params: RotorChainParams) => ({ ...createRotorChain({ ...params, g: (params.g * 64) / params.L }), modelId: 'rotor-chain-size-normalised' }),
  control: { reason: 'coupling depends on the chain length', mustFail: ['phi-size-independence'] },
});

/**
 * A coupling parameter that is validated but never wired in: the chain always runs at g = 1.
 * At the verification coupling g = 1 it is the true model, so every single-coupling check
 * passes; the slowing-down of the relaxation as g falls, and the exact scaling, are lost. Under
 * the review's weak noise its own (g = 1) transport does not need the noise at all: a transport
 * mechanism stronger than the noise, which the bound (9) excludes (kappa-noise-trend).
 */
export const rotorChainCouplingIgnored = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-coupling-ignored',
  title: 'CONTROL: rotor chain that ignores its coupling (always g = 1)',
  description: 'a parameter never wired in: identical to the rotor chain at g = 1 only',
  params: rotorChainParams,
  create: (params: RotorChainParams) => ({ ...createRotorChain({ ...params, g: 1 }), modelId: 'rotor-chain-coupling-ignored' }),
  control: { reason: 'the coupling is ignored (always 1)', mustFail: ['phi-t0-trend', 'phi-t0-trend-full', 'scaling-relation', 'phi-scaling', 'kappa-noise-trend'] },
});

/**
 * A rotor chain whose energy current has a sign slip, −(g/2)(ω_x − ω_{x+1}) sin(θ_{x+1} − θ_x)
 * for −(g/2)(ω_x + ω_{x+1}) sin(θ_{x+1} − θ_x): the dynamics are right, the transport
 * observables are not.
 */
export const rotorChainWrongCurrent = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-wrong-current',
  title: 'CONTROL: rotor chain with a sign slip in its energy current',
  description: 'j_x = −(g/2)(ω_x − ω_{x+1}) sin(θ_{x+1} − θ_x): violates ė_x = j_{x−1} − j_x',
  params: rotorChainParams,
  create: (params: RotorChainParams) => {
    const base = createRotorChain(params);
    const { L, g } = params;
    const periodic = params.boundary === 'periodic';
    return {
      ...base,
      modelId: 'rotor-chain-wrong-current',
      localEnergy: {
        ...base.localEnergy!,
        bondCurrent: (q: Float64Array, p: Float64Array, out: Float64Array) => {
          for (let x = 0; x < L; x++) {
            const y = x === L - 1 ? 0 : x + 1;
            out[x] = x === L - 1 && !periodic ? 0 : -0.5 * g * (p[x]! - p[y]!) * Math.sin(q[y]! - q[x]!);
          }
        },
      },
    };
  },
  control: { reason: 'energy current with a sign slip', mustFail: ['energy-continuity'] },
});

/**
 * A rotor chain whose bond loop steps by two (`x += 2` for `x++`): only the bonds (1,2), (3,4), …
 * remain, in the force and in the energy alike, so H is conserved and every mechanical check
 * passes; but the chain falls apart into independent two-rotor systems, each integrable (its
 * relative angle is a pendulum). Finite-time averages of ω_x² never converge to a common value:
 * rejected by ergodicity-tail, whose q(T) stays flat.
 */
export const rotorChainDimerised = defineModel({
  ...rotorChainDefinition,
  id: 'rotor-chain-dimerised',
  title: 'CONTROL: rotor chain with every second bond missing (bond loop steps by 2)',
  description: 'independent integrable dimers: conserves its own H, but is not ergodic',
  params: rotorChainParams,
  create: (params: RotorChainParams): HamiltonianModel => {
    const base = createRotorChain(params);
    const { L, g } = params;
    const potential = (q: Float64Array): number => {
      let v = 0;
      for (let x = 0; x + 1 < L; x += 2) v += g * (1 - Math.cos(q[x + 1]! - q[x]!));
      return v;
    };
    const force = (q: Float64Array, out: Float64Array): void => {
      out.fill(0);
      for (let x = 0; x + 1 < L; x += 2) {
        const s = g * Math.sin(q[x + 1]! - q[x]!);
        out[x] = s;
        out[x + 1] = -s;
      }
    };
    const separable = { kinetic: base.separable!.kinetic, velocity: base.separable!.velocity, potential, force };
    const { localEnergy: _dropped, ...rest } = base;
    return {
      ...rest,
      modelId: 'rotor-chain-dimerised',
      separable,
      hamiltonian: (q: Float64Array, p: Float64Array) => separable.kinetic(p) + potential(q),
      gradient: unitMassGradient(force),
    };
  },
  control: { reason: 'every second bond missing: independent integrable dimers', mustFail: ['ergodicity-tail'] },
});
